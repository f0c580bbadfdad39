package dev.berth.registry.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** One scrape of {@code /metrics} in Prometheus' text format: each series with its value. */
record Scrape(String text, Map<String, Double> series) {

    static Scrape parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(text, series);
    }

    /**
     * The sum over the series called {@code name} that carry every label given as
     * {@code "key", "value"} pairs (others may carry more); 0 when none does.
     */
    double value(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            String seriesName = brace < 0 ? key : key.substring(0, brace);
            if (!seriesName.equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= brace >= 0 && key.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                sum += e.getValue();
            }
        }
        return sum;
    }
}
