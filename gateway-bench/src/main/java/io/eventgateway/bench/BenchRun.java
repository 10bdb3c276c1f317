package io.eventgateway.bench;

import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One run on a started {@link BenchRig}: the direct side and the gateway side in the order of
 * {@code --order}, each loaded for the warm-up and then measured for the window, with the CPU of
 * the processes involved read at both ends of the window. Progress goes to {@code err} once a
 * second. Not thread-safe: {@link #run} is called once, by the command's thread.
 */
final class BenchRun {
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(40);

  private final BenchOptions options;
  private final BenchRig rig;
  private final PrintStream err;
  private final ProcStat procStat = ProcStat.available() ? ProcStat.forThisMachine() : null;

  BenchRun(BenchOptions options, BenchRig rig, PrintStream err) {
    this.options = options;
    this.rig = rig;
    this.err = err;
  }

  /** Runs both sides and returns their summary. */
  Summary run() throws InterruptedException {
    List<String> notes = new ArrayList<>(rig.notes());
    if (options.rate > 0) {
      notes.add(
          "fixed rate: latency is measured from each event's intended send time (corrected for"
              + " coordinated omission)");
    } else {
      notes.add(
          "open loop: latency is measured from the actual send, with the in-flight window full"
              + " (service time under saturation, not corrected)");
    }
    notes.add(
        "CPU: direct = the bench JVM (producer and load generator); gateway = the gateway"
            + " process alone (/proc/<pid>/stat); the bench client's CPU is its own row");
    List<ManagedChannel> channels = openChannels(rig.gatewayAddress());
    try {
      SideResult direct;
      SideResult viaGateway;
      if (options.order == BenchOptions.Order.DIRECT_FIRST) {
        direct = runDirect();
        viaGateway = runGateway(channels);
      } else {
        viaGateway = runGateway(channels);
        direct = runDirect();
      }
      return new Summary(options.description(), notes, direct, viaGateway);
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }

  private List<ManagedChannel> openChannels(String address) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < options.connections; i++) {
      // callbacks run on the transport thread: they only count, record and release a permit.
      // With gRPC's default executor (a cached pool) each response cost a thread hand-off, and
      // the client spent more CPU per event than the gateway (docs/performance.md)
      channels.add(NettyChannelBuilder.forTarget(address).usePlaintext().directExecutor().build());
    }
    return channels;
  }

  private SideResult runDirect() throws InterruptedException {
    Measurement measurement = new Measurement();
    Load load =
        new DirectLoad(
            DirectLoad.producerConfig(rig.servers(), options.streamClass),
            rig.directTopic(),
            shape(),
            options.rate,
            options.outstandingEvents(),
            measurement);
    CpuClocks clocks = new CpuClocks(BenchRun::ownCpuNanos, BenchRun::ownCpuNanos, brokerCpu());
    return runSide("direct", load, measurement, clocks, Optional.empty());
  }

  private SideResult runGateway(List<ManagedChannel> channels) throws InterruptedException {
    Measurement measurement = new Measurement();
    String stream = rig.gatewayStream();
    int inFlight = options.inFlight();
    Load load =
        switch (options.api) {
          case STREAM ->
              new StreamLoad(
                  channels, options.streams, inFlight, stream, shape(), options.rate, measurement);
          case BATCH ->
              new CallLoad(
                  channels,
                  options.batchSize,
                  inFlight,
                  stream,
                  shape(),
                  options.rate,
                  measurement);
          case UNARY ->
              new CallLoad(channels, 0, inFlight, stream, shape(), options.rate, measurement);
        };
    CpuClocks clocks = new CpuClocks(cpuOf(rig.gateway()), BenchRun::ownCpuNanos, brokerCpu());
    return runSide("gateway", load, measurement, clocks, rig.gateway());
  }

  private EventShape shape() {
    return new EventShape(options.eventSize, options.subjects);
  }

  /**
   * Runs {@code load} for the warm-up and the measured window, then stops it and waits for what is
   * in flight; {@code heapOf} is the process whose heap is measured, if any.
   */
  private SideResult runSide(
      String name,
      Load load,
      Measurement measurement,
      CpuClocks clocks,
      Optional<JvmProcess> heapOf)
      throws InterruptedException {
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
    try {
      load.start();
      reportProgress(progress, name, measurement);
      Thread.sleep(options.warmup.toMillis());
      long windowStart = System.nanoTime();
      long deadline = windowStart + options.duration.toNanos();
      measurement.openWindow(windowStart);
      CpuTimes start = clocks.read();
      List<Long> heapSamples =
          heapOf.isPresent() ? sampleHeap(name, heapOf.get(), deadline) : List.of();
      long sleepNanos = deadline - System.nanoTime();
      if (sleepNanos > 0) {
        TimeUnit.NANOSECONDS.sleep(sleepNanos);
      }
      long windowEnd = System.nanoTime();
      measurement.closeWindow(windowEnd);
      CpuTimes end = clocks.read();
      OptionalLong heap =
          heapOf.isPresent() ? HeapProbe.usedAfterGc(heapOf.get().pid()) : OptionalLong.empty();
      load.stopSending();
      if (!load.awaitDrained(measurement, DRAIN_TIMEOUT)) {
        err.printf(
            "[%s] %d events still unanswered after %d s%n",
            name, measurement.sent() - measurement.completed(), DRAIN_TIMEOUT.toSeconds());
      }
      progress.shutdownNow();
      if (measurement.firstFailure() != null) {
        err.println("[" + name + "] first failure: " + measurement.firstFailure());
      }
      long unanswered = measurement.sent() - measurement.completed();
      return new SideResult(
          name,
          measurement.measuredAcked(),
          measurement.measuredFailed(),
          measurement.failed() + Math.max(0, unanswered),
          measurement.measuredBytes(),
          Duration.ofNanos(windowEnd - windowStart),
          measurement.latencyMicros(),
          difference(start.side(), end.side()),
          difference(start.client(), end.client()),
          difference(start.broker(), end.broker()),
          heap,
          heapSamples);
    } finally {
      progress.shutdownNow();
      load.close();
    }
  }

  /** Prints the events acknowledged per second, and the totals, every second on {@code err}. */
  private void reportProgress(
      ScheduledExecutorService progress, String name, Measurement measurement) {
    long started = System.nanoTime();
    long[] last = {0};
    var unused =
        progress.scheduleAtFixedRate(
            () -> {
              long acked = measurement.acked();
              err.printf(
                  Locale.ROOT,
                  "[%s] %3ds  %,9d events/s  acked %,d  errors %,d  in flight %,d%n",
                  name,
                  Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                  acked - last[0],
                  acked,
                  measurement.failed(),
                  measurement.sent() - measurement.completed());
              last[0] = acked;
            },
            1,
            1,
            TimeUnit.SECONDS);
  }

  /**
   * With {@code --heap-every}: samples the heap of {@code process} after a full GC every interval
   * until {@code endNanos}, printing each sample; otherwise returns no sample at once.
   */
  private List<Long> sampleHeap(String name, JvmProcess process, long endNanos)
      throws InterruptedException {
    Duration every = options.heapEvery;
    if (every.isZero()) {
      return List.of();
    }
    List<Long> samples = new ArrayList<>();
    long next = System.nanoTime() + every.toNanos();
    while (next < endNanos) {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
      OptionalLong used = HeapProbe.usedAfterGc(process.pid());
      if (used.isPresent()) {
        samples.add(used.getAsLong());
        err.printf(
            Locale.ROOT,
            "[%s] heap after GC: %.1f MiB%n",
            name,
            used.getAsLong() / 1024.0 / 1024.0);
      }
      next += every.toNanos();
    }
    return samples;
  }

  private LongSupplier brokerCpu() {
    return cpuOf(rig.broker());
  }

  /** The CPU nanoseconds of {@code child}, or -1 when it cannot be measured. */
  private LongSupplier cpuOf(Optional<JvmProcess> child) {
    if (procStat == null || child.isEmpty()) {
      return () -> -1;
    }
    long pid = child.get().pid();
    return () -> {
      try {
        return procStat.cpuNanos(pid);
      } catch (RuntimeException gone) {
        return -1;
      }
    };
  }

  private static long ownCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static OptionalLong difference(long before, long after) {
    return before < 0 || after < 0 ? OptionalLong.empty() : OptionalLong.of(after - before);
  }

  /**
   * The CPU clocks of a side, in nanoseconds, -1 when unknown: the process doing the side's work,
   * the bench client, the broker.
   */
  private record CpuClocks(LongSupplier side, LongSupplier client, LongSupplier broker) {
    CpuTimes read() {
      return new CpuTimes(side.getAsLong(), client.getAsLong(), broker.getAsLong());
    }
  }

  /** The readings of {@link CpuClocks} at one instant. */
  private record CpuTimes(long side, long client, long broker) {}
}
