package dev.berth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A closed-loop load: {@code clients} threads, each on its own connection, call as fast as answers
 * come, first for a warm-up, then for the measured stretch; operations begun in that stretch are
 * counted and their latencies kept.
 */
final class LoadRate {
    /** One client's connection; {@link #call()} is one operation (it may be several requests). */
    interface Client extends AutoCloseable {
        void call();

        @Override
        void close();
    }

    /**
     * @param operations calls begun within the measured stretch
     * @param window     the measured stretch, with registry and client CPU
     * @param p99Millis  99th percentile latency of those calls
     */
    record Result(long operations, Window window, double p99Millis) {
        double perSecond() {
            return operations / window.seconds();
        }
    }

    private LoadRate() {}

    static Result run(long registryPid, int clients, Duration warmup, Duration measure, Supplier<Client> factory) {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long begin = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long from = begin + warmup.toNanos();
        long to = from + measure.toNanos();
        try {
            List<Future<long[]>> latencies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Client client = factory.get();
                latencies.add(threads.submit(() -> drive(client, begin, from, to)));
            }
            sleepUntil(from);
            double registry = Proc.cpuSeconds(registryPid);
            double self = Proc.cpuSeconds(Proc.self());
            sleepUntil(to);
            Window window = new Window(from, to, Proc.cpuSeconds(registryPid) - registry,
                    Proc.cpuSeconds(Proc.self()) - self);
            long[] all = new long[0];
            for (Future<long[]> f : latencies) {
                long[] some = f.get();
                int at = all.length;
                all = Arrays.copyOf(all, at + some.length);
                System.arraycopy(some, 0, all, at, some.length);
            }
            Arrays.sort(all);
            double p99 = all.length == 0 ? Double.NaN : all[(int) Math.min(all.length - 1, all.length * 0.99)] / 1e6;
            return new Result(all.length, window, p99);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** One client's loop; answers the latencies (nanoseconds) of calls begun in {@code [from, to)}. */
    private static long[] drive(Client client, long begin, long from, long to) {
        try (client) {
            sleepUntil(begin);
            long[] kept = new long[1024];
            int n = 0;
            while (true) {
                long start = System.nanoTime();
                if (start >= to) {
                    return Arrays.copyOf(kept, n);
                }
                client.call();
                if (start >= from) {
                    if (n == kept.length) {
                        kept = Arrays.copyOf(kept, n * 2);
                    }
                    kept[n++] = System.nanoTime() - start;
                }
            }
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
