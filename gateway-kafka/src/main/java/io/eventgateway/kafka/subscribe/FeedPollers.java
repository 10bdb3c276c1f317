package io.eventgateway.kafka.subscribe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that drive every feed of a source: a few poller threads ({@code
 * esg-feed-poller-<n>}), each running many feeds in turn, and a few closer threads ({@code
 * esg-feed-closer-<n>}) that end feeds (the final commit, leaving the group, closing the consumer)
 * so that a slow close never holds up the other feeds of a poller.
 *
 * <p>A feed belongs to one poller from {@link #run} to its end, so its consumer is used by one
 * thread at a time: the opening thread before {@code run}, the poller while it runs, a closer once
 * it ended. A poller runs a feed's {@link KafkaFeed#step()} when it is due (the delay the last step
 * returned) or {@linkplain Handle#wake woken}, never blocks in Kafka itself ({@code poll(0)}), and
 * parks until its next feed is due. Blocking that remains on a poller: synchronous commits inside a
 * rebalance, up to the request timeout.
 *
 * <p>Thread-safe.
 */
final class FeedPollers implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(FeedPollers.class);
  private static final AtomicInteger POLLERS = new AtomicInteger();
  private static final AtomicInteger CLOSERS = new AtomicInteger();

  private final Poller[] pollers;
  private final ExecutorService closers;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param threads poller threads, at least 1
   * @param closerThreads threads that end feeds, at least 1
   */
  FeedPollers(int threads, int closerThreads) {
    if (threads < 1 || closerThreads < 1) {
      throw new IllegalArgumentException(
          "threads and closerThreads must be positive, were " + threads + ", " + closerThreads);
    }
    pollers = new Poller[threads];
    for (int i = 0; i < threads; i++) {
      pollers[i] = new Poller("esg-feed-poller-" + POLLERS.incrementAndGet());
      pollers[i].thread.start();
    }
    closers =
        Executors.newFixedThreadPool(
            closerThreads,
            task -> {
              Thread thread = new Thread(task, "esg-feed-closer-" + CLOSERS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Hands {@code feed} to a poller, which runs its first step at once; returns its handle. */
  Handle run(KafkaFeed feed) {
    Poller poller = pollers[Math.floorMod(next.getAndIncrement(), pollers.length)];
    poller.added.add(feed);
    LockSupport.unpark(poller.thread);
    return poller;
  }

  /** Runs {@code ending} on a closer thread. */
  void end(Runnable ending) {
    closers.execute(ending);
  }

  /** Poller threads. */
  int threads() {
    return pollers.length;
  }

  /**
   * Stops the pollers and the closers, waiting up to {@code timeout} for the closers' work; call
   * once every feed ended.
   */
  void close(Duration timeout) {
    for (Poller poller : pollers) {
      poller.stopped = true;
      LockSupport.unpark(poller.thread);
    }
    closers.shutdown();
    try {
      if (!closers.awaitTermination(Math.max(1L, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        LOGGER.warn("feeds still closing {} ms after the source closed", timeout.toMillis());
      }
      for (Poller poller : pollers) {
        poller.thread.join(Math.max(1L, timeout.toMillis()));
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  /** How a feed asks its poller to run its next step soon. */
  interface Handle {
    /** Makes the poller look at its feeds now. Any thread. */
    void wake();
  }

  /** One poller thread and its feeds. */
  private static final class Poller implements Handle, Runnable {
    final Thread thread;
    final Queue<KafkaFeed> added = new ConcurrentLinkedQueue<>();
    volatile boolean stopped;

    /** The poller's feeds and when each is due. Poller thread only. */
    private final List<Slot> slots = new ArrayList<>();

    Poller(String name) {
      thread = new Thread(this, name);
      // a source nobody closed must not keep the JVM alive
      thread.setDaemon(true);
    }

    @Override
    public void wake() {
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      while (!stopped) {
        for (KafkaFeed feed = added.poll(); feed != null; feed = added.poll()) {
          slots.add(new Slot(feed, System.nanoTime()));
        }
        long now = System.nanoTime();
        long nextDue = now + TimeUnit.SECONDS.toNanos(1);
        for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
          Slot slot = it.next();
          if (slot.feed.takeWake() || now - slot.due >= 0) {
            long delay = slot.feed.step();
            if (delay < 0) {
              it.remove(); // it ended; a closer finishes it
              continue;
            }
            now = System.nanoTime();
            slot.due = now + delay;
          }
          if (slot.due - nextDue < 0) {
            nextDue = slot.due;
          }
        }
        long wait = nextDue - System.nanoTime();
        if (wait > 0 && added.isEmpty()) {
          LockSupport.parkNanos(this, wait);
        }
      }
    }
  }

  private static final class Slot {
    final KafkaFeed feed;
    long due;

    Slot(KafkaFeed feed, long due) {
      this.feed = feed;
      this.due = due;
    }
  }
}
