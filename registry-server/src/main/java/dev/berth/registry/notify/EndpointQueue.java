package dev.berth.registry.notify;

import dev.berth.registry.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's events on their way out: a bounded queue that requests offer to, and one sender
 * thread that takes up to a batch of events at a time and sends them until the endpoint accepts
 * them, waiting {@link Backoff} between attempts. The batch in flight is retried as it is, so the
 * endpoint gets its events in the order they were queued, however long it was down.
 *
 * <p>Offering never blocks: when the queue is full the new event is dropped (the ones queued keep
 * their place), counted in {@link Metrics#NOTIFICATIONS_DROPPED}, and one warning is logged for the
 * whole run of drops, with its count once the queue takes events again. Failed attempts are
 * likewise logged once per run of failures, and counted in {@link Metrics#NOTIFICATIONS_FAILURES}.
 */
final class EndpointQueue {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointQueue.class);

    private final String name;
    private final EndpointFilter filter;
    private final int capacity;
    private final BlockingQueue<Event> queue;
    private final int batchSize;
    private final Backoff backoff;
    private final Delivery delivery;
    private final Counter sent;
    private final Counter failures;
    private final Counter dropped;
    private final AtomicLong droppedInRun = new AtomicLong();
    private final Thread sender;
    private volatile Source source;
    private volatile boolean closing;
    private volatile long deadline;
    /** True while the sender waits for events or between attempts: then close() may wake it. */
    private volatile boolean idle;

    EndpointQueue(
            String name,
            EndpointFilter filter,
            int capacity,
            int batchSize,
            Backoff backoff,
            Delivery delivery,
            MeterRegistry meters) {
        this.name = name;
        this.filter = filter;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.backoff = backoff;
        this.delivery = delivery;
        this.sent = Counter.builder(Metrics.NOTIFICATIONS_SENT)
                .tag("endpoint", name)
                .description("events an endpoint accepted")
                .register(meters);
        this.failures = Counter.builder(Metrics.NOTIFICATIONS_FAILURES)
                .tag("endpoint", name)
                .description("delivery attempts that failed and will be retried")
                .register(meters);
        this.dropped = Counter.builder(Metrics.NOTIFICATIONS_DROPPED)
                .tag("endpoint", name)
                .description("events dropped because the endpoint's queue was full")
                .register(meters);
        Gauge.builder(Metrics.NOTIFICATIONS_PENDING, queue, BlockingQueue::size)
                .tag("endpoint", name)
                .description("events queued for an endpoint, not yet sent")
                .register(meters);
        this.sender = new Thread(this::run, "berth-notify-" + name);
        sender.setDaemon(true);
    }

    String name() {
        return name;
    }

    boolean wants(Action action, String repository) {
        return filter.wants(action, repository);
    }

    /** Queues the event if the endpoint wants it; never blocks, never throws. */
    void offer(Event event) {
        if (!filter.accepts(event)) {
            return;
        }
        if (queue.offer(event)) {
            if (droppedInRun.get() > 0) {
                long n = droppedInRun.getAndSet(0);
                if (n > 0) {
                    LOG.warn(
                            "notifications to {}: queue has room again; {} events were dropped while it was full",
                            name,
                            n);
                }
            }
            return;
        }
        dropped.increment();
        if (droppedInRun.getAndIncrement() == 0) {
            LOG.warn(
                    "notifications to {}: queue full ({} events waiting), dropping new events until it has room",
                    name,
                    capacity);
        }
    }

    /** Events waiting, not counting a batch being sent. */
    int pending() {
        return queue.size();
    }

    /** Starts sending; events offered before wait in the queue. */
    void start(Source from) {
        this.source = from;
        sender.start();
    }

    /**
     * Asks the sender to send what is queued, then stop: at the first failed attempt, or at
     * {@code deadlineNanos} ({@link System#nanoTime}), whichever comes first. An attempt in flight
     * is let finish; a sender waiting for events or between attempts is woken.
     */
    void close(long deadlineNanos) {
        this.deadline = deadlineNanos;
        this.closing = true;
        if (idle) {
            sender.interrupt();
        }
    }

    /** Waits for the sender to stop, until the deadline given to {@link #close}; then cuts its attempt short. */
    void awaitClosed() throws InterruptedException {
        if (sender.isAlive()) {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            sender.interrupt();
        } else if (source == null && !queue.isEmpty()) {
            LOG.warn(
                    "notifications to {}: {} events not sent (the server stopped before it started)",
                    name,
                    queue.size());
        }
    }

    private void run() {
        List<Event> batch = new ArrayList<>(batchSize);
        int failuresInRow = 0;
        while (true) {
            if (batch.isEmpty() && !fill(batch)) {
                return;
            }
            if (closing && System.nanoTime() - deadline >= 0) {
                LOG.warn("notifications to {}: stopping with {} events not sent", name, batch.size() + queue.size());
                return;
            }
            try {
                delivery.send(Envelope.json(batch, source));
                sent.increment(batch.size());
                batch.clear();
                if (failuresInRow > 0) {
                    LOG.info("notifications to {}: delivered again after {} failed attempts", name, failuresInRow);
                    failuresInRow = 0;
                }
            } catch (InterruptedException e) {
                // Cut short past the deadline (the loop then stops), or a late wake-up: the attempt is made again.
            } catch (IOException | RuntimeException e) {
                failures.increment();
                failuresInRow++;
                if (closing) {
                    // A failing endpoint is not waited for at shutdown.
                    LOG.warn(
                            "notifications to {}: stopping with {} events not sent ({})",
                            name,
                            batch.size() + queue.size(),
                            e.toString());
                    return;
                }
                if (failuresInRow == 1) {
                    LOG.warn(
                            "notifications to {}: delivery failed ({}); retrying with backoff, {} events waiting",
                            name,
                            e.toString(),
                            batch.size() + queue.size());
                } else {
                    LOG.debug("notifications to {}: attempt {} failed ({})", name, failuresInRow, e.toString());
                }
                pause(backoff.after(failuresInRow).toNanos());
            }
        }
    }

    /** Takes the next events into {@code batch}, waiting for the first; false once closing with none left. */
    private boolean fill(List<Event> batch) {
        idle = true;
        try {
            Event first = null;
            while (first == null) {
                if (closing) {
                    first = queue.poll();
                    if (first == null) {
                        return false;
                    }
                } else {
                    try {
                        first = queue.take();
                    } catch (InterruptedException e) {
                        // close() woke the sender: what is queued goes out, then it stops.
                    }
                }
            }
            batch.add(first);
            queue.drainTo(batch, batchSize - 1);
            return true;
        } finally {
            idle = false;
        }
    }

    /** Waits before the next attempt; close() cuts the wait short for one last attempt. */
    private void pause(long nanos) {
        idle = true;
        try {
            if (!closing) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        } catch (InterruptedException e) {
            // close(): one more attempt, then stop if it fails
        } finally {
            idle = false;
        }
    }
}
