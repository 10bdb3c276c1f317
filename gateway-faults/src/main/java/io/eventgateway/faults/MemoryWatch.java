package io.eventgateway.faults;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes the gateway's memory figures from {@code /metrics} every 200 ms while an attack runs and
 * keeps their maxima: the memory budget and its use, the unfinished request messages at the HTTP/2
 * edge, Netty's direct memory, the heap in use and the live heap after GC.
 *
 * <p>Thread-safe: one scraping thread writes, any thread reads {@link #maxima()}.
 */
final class MemoryWatch {
  /**
   * The largest value of each figure seen, in bytes; the budget's and direct memory's limits as
   * last seen. A figure the gateway did not report stays 0.
   *
   * @param scrapes scrapes that answered; a scrape that fails under load is left out
   */
  record Maxima(
      long budget,
      long budgetUsed,
      long unfinished,
      long directUsed,
      long directMax,
      long heapUsed,
      long heapMax,
      long liveAfterGc,
      int scrapes) {}

  private final int httpPort;
  private final ScheduledExecutorService scraper =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "memory-watch");
            thread.setDaemon(true);
            return thread;
          });
  private long budget;
  private long budgetUsed;
  private long unfinished;
  private long directUsed;
  private long directMax;
  private long heapUsed;
  private long heapMax;
  private long liveAfterGc;
  private int scrapes;

  MemoryWatch(int httpPort) {
    this.httpPort = httpPort;
  }

  MemoryWatch start() {
    var unused = scraper.scheduleWithFixedDelay(this::scrape, 0, 200, TimeUnit.MILLISECONDS);
    return this;
  }

  synchronized Maxima maxima() {
    return new Maxima(
        budget,
        budgetUsed,
        unfinished,
        directUsed,
        directMax,
        heapUsed,
        heapMax,
        liveAfterGc,
        scrapes);
  }

  /** Stops scraping, after one last scrape. */
  void stop() throws InterruptedException {
    scraper.shutdown();
    scraper.awaitTermination(10, TimeUnit.SECONDS);
    scrape();
  }

  private void scrape() {
    MetricsScrape metrics;
    try {
      metrics = MetricsScrape.of(httpPort);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return;
    } catch (IOException | RuntimeException failed) {
      return;
    }
    synchronized (this) {
      scrapes++;
      budget = Math.max(budget, value(metrics, "esg_memory_budget_bytes"));
      budgetUsed = Math.max(budgetUsed, value(metrics, "esg_memory_budget_used_bytes"));
      unfinished = Math.max(unfinished, value(metrics, "esg_grpc_unfinished_messages_bytes"));
      directUsed = Math.max(directUsed, value(metrics, "esg_netty_direct_memory_used_bytes"));
      directMax = Math.max(directMax, value(metrics, "esg_netty_direct_memory_max_bytes"));
      heapUsed = Math.max(heapUsed, value(metrics, "jvm_memory_used_bytes", "area", "heap"));
      heapMax = Math.max(heapMax, value(metrics, "jvm_memory_max_bytes", "area", "heap"));
      liveAfterGc = Math.max(liveAfterGc, value(metrics, "jvm_gc_live_data_size_bytes"));
    }
  }

  private static long value(MetricsScrape metrics, String name, String... labels) {
    return (long) metrics.sum(name, labels).orElse(0);
  }
}
