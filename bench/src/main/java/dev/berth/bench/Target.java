package dev.berth.bench;

/**
 * What Berth's figure must reach in a row of the table, as printed and as checked.
 *
 * @param text printed in the table's target column
 */
record Target(String text, Check check) {
    interface Check {
        /** {@code nginx}: nginx's figure for the same scenario, or NaN where it has none. */
        boolean met(double berth, double distribution, double nginx);
    }

    static Target none() {
        return new Target("", null);
    }

    static Target timesDistribution(double factor) {
        return new Target("≥ " + trim(factor) + "× distribution", (b, d, n) -> b >= factor * d);
    }

    static Target atMost(double limit, String unit) {
        return new Target("≤ " + trim(limit) + " " + unit, (b, d, n) -> b <= limit);
    }

    static Target pull() {
        return new Target("≥ distribution and ≥ 90% of nginx", (b, d, n) -> b >= d && b >= 0.9 * n);
    }

    /** "yes", "NO", or empty where there is no target or no figure. */
    String verdict(double berth, double distribution, double nginx) {
        if (check == null || Double.isNaN(berth) || Double.isNaN(distribution)) {
            return "";
        }
        return check.met(berth, distribution, nginx) ? "yes" : "NO";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
