package dev.berth.bench;

/**
 * A timed stretch of one scenario: wall time, and CPU seconds the registry and the load client spent.
 *
 * @param started {@link System#nanoTime()} at its start
 * @param ended   {@link System#nanoTime()} at its end
 */
record Window(long started, long ended, double registryCpu, double clientCpu) {
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} and measures it, the registry being process {@code pid}. */
    static Window time(long pid, Work work) {
        double registry = Proc.cpuSeconds(pid);
        double client = Proc.cpuSeconds(Proc.self());
        long started = System.nanoTime();
        try {
            work.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long ended = System.nanoTime();
        return new Window(started, ended, Proc.cpuSeconds(pid) - registry, Proc.cpuSeconds(Proc.self()) - client);
    }

    double seconds() {
        return (ended - started) / 1e9;
    }

    /** Cores the load client kept busy on average: its CPU seconds per wall second. */
    double clientCores() {
        return clientCpu / seconds();
    }
}
