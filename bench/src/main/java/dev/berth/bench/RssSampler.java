package dev.berth.bench;

import java.util.Arrays;

/**
 * Samples a process's resident set size every few milliseconds on a thread of its own, so that
 * what it held during a stretch of time can be asked afterwards.
 */
final class RssSampler implements AutoCloseable {
    private static final long EVERY_MILLIS = 20;

    private final long pid;
    private final Thread thread;
    private long[] times = new long[4096];
    private long[] kib = new long[4096];
    private int count;
    private volatile boolean stopped;

    RssSampler(long pid) {
        this.pid = pid;
        thread = new Thread(this::sample, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!stopped) {
            try {
                long rss = Proc.rssKiB(pid);
                add(System.nanoTime(), rss);
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                return; // the process ended
            }
        }
    }

    private synchronized void add(long time, long rss) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            kib = Arrays.copyOf(kib, count * 2);
        }
        times[count] = time;
        kib[count] = rss;
        count++;
    }

    /** The highest sample taken between the two {@link System#nanoTime()} instants, in KiB; 0 if none. */
    synchronized long maxKiB(long from, long to) {
        long max = 0;
        for (int i = 0; i < count; i++) {
            if (times[i] >= from && times[i] <= to) {
                max = Math.max(max, kib[i]);
            }
        }
        return max;
    }

    /**
     * How much higher the resident set went in the second half of the stretch than in the first, in
     * KiB (never below zero): a process whose memory follows the bytes it has streamed grows here.
     */
    long growthKiB(long from, long to) {
        long middle = from + (to - from) / 2;
        return Math.max(0, maxKiB(middle, to) - maxKiB(from, middle));
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
