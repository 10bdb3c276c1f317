package io.eventgateway.bench;

import io.eventgateway.kafka.publish.KafkaPublisherSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code esg bench}: the gateway beside a bare Kafka producer, on the same broker, in one run. */
@Command(
    name = "esg bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Measure the gateway against a bare KafkaProducer with the gateway's producer settings.",
      "",
      "Starts a single-node Kafka broker (its own JVM) unless --bootstrap-servers is given, and"
          + " the gateway (its own JVM, gateway-app/target/esg.jar) unless --target is given."
          + " Runs the direct producer, then the gateway over gRPC (or the other way round with"
          + " --order gateway-first), each for --warmup then --duration, and prints events/s, MB/s,"
          + " ack latency (HdrHistogram), CPU seconds per million events and the gateway's heap"
          + " after GC, with the ratios gateway/direct.",
      "",
      "Exit code 0 when no event failed, 1 when some did, 2 on a usage or start-up error.",
      ""
    })
final class BenchCommand implements Callable<Integer> {
  enum Api {
    STREAM,
    BATCH,
    UNARY
  }

  enum StreamClass {
    STANDARD,
    CRITICAL
  }

  enum Order {
    DIRECT_FIRST,
    GATEWAY_FIRST
  }

  @Option(
      names = "--api",
      defaultValue = "stream",
      description = "Gateway API to drive: stream (PublishStream), batch, unary (default stream).")
  Api api;

  @Option(
      names = "--class",
      defaultValue = "standard",
      description = "Durability of the bench stream: standard or critical (default standard).")
  StreamClass streamClass;

  @Option(
      names = "--event-size",
      defaultValue = "1024",
      description = "Bytes of data per event (default ${DEFAULT-VALUE}).")
  int eventSize;

  @Option(
      names = "--subjects",
      defaultValue = "1000",
      description = "Distinct subjects (Kafka keys) (default ${DEFAULT-VALUE}).")
  int subjects;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Target events/s per side; 0 = open loop, as fast as the in-flight window allows"
              + " (default 0). At a fixed rate latency is corrected for coordinated omission.")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Measured time per side (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Load before the measured window, excluded from the figures (default 5s).")
  Duration warmup;

  @Option(
      names = "--heap-every",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Also sample the gateway's heap after a full GC this often during the measured window"
              + " (each sample forces a full GC), to see whether it grows; 0 = only at the end"
              + " (default 0s).")
  Duration heapEvery;

  @Option(
      names = "--connections",
      defaultValue = "2",
      description = "gRPC channels (HTTP/2 connections) to the gateway (default 2).")
  int connections;

  @Option(
      names = "--streams",
      defaultValue = "4",
      description = "Concurrent PublishStream calls, --api stream (default 4).")
  int streams;

  @Option(
      names = "--in-flight",
      description =
          "stream: events unacknowledged per stream (default 500); batch: concurrent calls"
              + " (default 8); unary: concurrent calls (default 200).")
  Integer inFlight;

  @Option(
      names = "--batch-size",
      defaultValue = "100",
      description = "Events per PublishBatch call (default 100).")
  int batchSize;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of the bench topics (default 3).")
  int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      description = "Replication factor of the bench topics (default 1).")
  int replicationFactor;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this Kafka cluster instead of starting a broker.")
  String bootstrapServers;

  @Option(
      names = "--target",
      description =
          "Drive this running gateway (host:port) instead of starting one; needs --stream and"
              + " --bootstrap-servers (its cluster). Its CPU and heap are then not measured.")
  String target;

  @Option(
      names = "--stream",
      description = "With --target: the declared stream to publish to (its class must match).")
  String stream;

  @Option(
      names = "--order",
      defaultValue = "direct-first",
      converter = OrderConverter.class,
      description = "direct-first (default) or gateway-first.")
  Order order;

  @Option(
      names = "--gateway-jar",
      description = "The gateway to start (default gateway-app/target/esg.jar of this checkout).")
  Path gatewayJar;

  @Option(
      names = "--gateway-java-opts",
      defaultValue = "-Xmx1g",
      description =
          "JVM options of the gateway process (default ${DEFAULT-VALUE}), e.g. add"
              + " -XX:StartFlightRecording=filename=gw.jfr,settings=profile.")
  String gatewayJavaOpts;

  @Option(
      names = "--broker-java-opts",
      defaultValue = "-Xmx1g",
      description = "JVM options of the broker process (default ${DEFAULT-VALUE}).")
  String brokerJavaOpts;

  @Option(
      names = "--dedup-window",
      description =
          "The gateway's dedup.window, applied to the bench's stream whatever its class"
              + " (dedup.standard-streams: true), e.g. 5m, or 0s for none (default: the gateway's"
              + " default, critical streams only). The bench's events have unique ids, so this"
              + " measures what the window costs, never a duplicate.")
  String dedupWindow;

  @Option(names = "--json", description = "Also write the summary as JSON to this file.")
  Path json;

  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Events in flight per stream or calls in flight, with the per-API default. */
  int inFlight() {
    if (inFlight != null) {
      return inFlight;
    }
    return switch (api) {
      case STREAM -> 500;
      case BATCH -> 8;
      case UNARY -> 200;
    };
  }

  /** The events the gateway side keeps unacknowledged at most; the direct side gets the same. */
  int outstandingEvents() {
    return switch (api) {
      case STREAM -> streams * inFlight();
      case BATCH -> inFlight() * batchSize;
      case UNARY -> inFlight();
    };
  }

  /** Checks the options; returns a message for the first bad one, or null. */
  String validate() {
    if (eventSize < 0 || subjects < 1 || connections < 1 || streams < 1 || inFlight() < 1) {
      return "--event-size must be >= 0; --subjects, --connections, --streams, --in-flight >= 1";
    }
    if (batchSize < 1 || partitions < 1 || replicationFactor < 1 || rate < 0) {
      return "--batch-size, --partitions, --replication-factor must be >= 1; --rate >= 0";
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      return "--duration must be positive and --warmup not negative";
    }
    if (heapEvery.isNegative()) {
      return "--heap-every must not be negative";
    }
    if (target != null && (stream == null || bootstrapServers == null)) {
      return "--target needs --stream (a declared stream of the class chosen with --class) and"
          + " --bootstrap-servers (the gateway's Kafka cluster, for the direct producer)";
    }
    return null;
  }

  /** The description line of the summary. */
  String description() {
    return String.format(
        Locale.ROOT,
        "esg bench: api %s, class %s, %d-byte events, %d subjects, %s, %s measured after %s"
            + " warm-up, %s",
        api.name().toLowerCase(Locale.ROOT),
        streamClass.name().toLowerCase(Locale.ROOT),
        eventSize,
        subjects,
        rate == 0 ? "open loop" : String.format(Locale.ROOT, "fixed rate %.0f events/s", rate),
        seconds(duration),
        seconds(warmup),
        switch (api) {
          case STREAM ->
              String.format(
                  Locale.ROOT,
                  "%d streams x %d in flight over %d connections",
                  streams,
                  inFlight(),
                  connections);
          case BATCH ->
              String.format(
                  Locale.ROOT,
                  "%d calls of %d events in flight over %d connections",
                  inFlight(),
                  batchSize,
                  connections);
          case UNARY ->
              String.format(
                  Locale.ROOT, "%d calls in flight over %d connections", inFlight(), connections);
        });
  }

  /** The direct producer's configuration: what the gateway's producer of this class gets. */
  Map<String, Object> producerConfig(String servers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "esg-bench-direct");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, KafkaPublisherSettings.DEFAULT_COMPRESSION);
    config.put(
        ProducerConfig.LINGER_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_LINGER.toMillis()));
    config.put(
        ProducerConfig.BATCH_SIZE_CONFIG,
        Integer.toString(KafkaPublisherSettings.DEFAULT_BATCH_SIZE));
    config.put(
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_MAX_BLOCK.toMillis()));
    config.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_DELIVERY_TIMEOUT.toMillis()));
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_REQUEST_TIMEOUT.toMillis()));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    if (streamClass == StreamClass.CRITICAL) {
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    } else {
      config.put(ProducerConfig.ACKS_CONFIG, "1");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    }
    return config;
  }

  /** The gateway's configuration file: the bench stream alone. */
  String gatewayConfig(String streamName) {
    int minInsync = replicationFactor >= 3 ? 2 : 1;
    String dedup =
        dedupWindow == null
            ? ""
            : "dedup:\n  window: " + dedupWindow + "\n  standard-streams: true\n";
    return dedup
        + "kafka:\n"
        + "  replication:\n"
        + "    factor: "
        + replicationFactor
        + "\n"
        + "    min-insync-replicas: "
        + minInsync
        + "\n"
        + "streams:\n"
        + "  - name: "
        + streamName
        + "\n"
        + "    class: events\n"
        + "    durability: "
        + streamClass.name().toLowerCase(Locale.ROOT)
        + "\n"
        + "    partitions: "
        + partitions
        + "\n"
        + "    retention: 1h\n";
  }

  @Override
  public Integer call() throws Exception {
    String invalid = validate();
    if (invalid != null) {
      err.println("esg bench: " + invalid);
      return 2;
    }
    List<String> notes = new ArrayList<>();
    Path work = Files.createTempDirectory("esg-bench-");
    String run = UUID.randomUUID().toString().substring(0, 8);
    ChildProcess broker = null;
    ChildProcess gateway = null;
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      String servers = bootstrapServers;
      if (servers == null) {
        broker = startBroker(work);
        servers = "127.0.0.1:" + brokerPort;
        notes.add(
            "Kafka: a single-node KRaft broker started by the bench in its own JVM ("
                + servers
                + "); its CPU is counted on neither side (shown on the broker row)");
      } else {
        notes.add("Kafka: the cluster at " + servers);
      }
      String directTopic = "bench-direct-" + run;
      String gatewayStream = stream != null ? stream : "bench-" + run;
      createTopic(servers, directTopic);
      String address;
      if (target == null) {
        Path config = work.resolve("esg-bench.yaml");
        Files.writeString(config, gatewayConfig(gatewayStream), StandardCharsets.UTF_8);
        gateway = startGateway(servers, config);
        address = "127.0.0.1:" + gatewayPort;
      } else {
        address = target;
        notes.add(
            "gateway: the running gateway at "
                + target
                + "; its CPU and heap are not measured (only the bench client's CPU is)");
      }
      for (int i = 0; i < connections; i++) {
        // callbacks run on the transport thread: they only count, record and release a permit.
        // With gRPC's default executor (a cached pool) each response cost a thread hand-off and
        // the client used 43 µs of CPU per event, more than the gateway; with this, 3.8 µs.
        channels.add(
            NettyChannelBuilder.forTarget(address).usePlaintext().directExecutor().build());
      }
      if (rate > 0) {
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
      SideResult direct = null;
      SideResult viaGateway = null;
      List<Order> sides =
          order == Order.DIRECT_FIRST
              ? List.of(Order.DIRECT_FIRST, Order.GATEWAY_FIRST)
              : List.of(Order.GATEWAY_FIRST, Order.DIRECT_FIRST);
      ProcStat procStat = ProcStat.available() ? ProcStat.forThisMachine() : null;
      LongSupplier benchCpu = BenchCommand::ownCpuNanos;
      LongSupplier brokerCpu = cpuOf(procStat, broker);
      EventShape shape = new EventShape(eventSize, subjects);
      for (Order side : sides) {
        if (side == Order.DIRECT_FIRST) {
          Measurement measurement = new Measurement();
          Load load =
              new DirectLoad(
                  producerConfig(servers),
                  directTopic,
                  shape,
                  rate,
                  outstandingEvents(),
                  measurement);
          direct = runSide("direct", load, measurement, benchCpu, benchCpu, brokerCpu, null);
        } else {
          Measurement measurement = new Measurement();
          Load load =
              switch (api) {
                case STREAM ->
                    new StreamLoad(
                        channels, streams, inFlight(), gatewayStream, shape, rate, measurement);
                case BATCH ->
                    new CallLoad(
                        channels, batchSize, inFlight(), gatewayStream, shape, rate, measurement);
                case UNARY ->
                    new CallLoad(channels, 0, inFlight(), gatewayStream, shape, rate, measurement);
              };
          viaGateway =
              runSide(
                  "gateway",
                  load,
                  measurement,
                  cpuOf(procStat, gateway),
                  benchCpu,
                  brokerCpu,
                  gateway);
        }
      }
      Summary summary = new Summary(description(), notes, direct, viaGateway);
      out.print(summary.table());
      out.flush();
      if (json != null) {
        Files.writeString(json, summary.json(), StandardCharsets.UTF_8);
      }
      long failures = direct.allFailures() + viaGateway.allFailures();
      return failures == 0 ? 0 : 1;
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      if (gateway != null) {
        gateway.close();
      }
      if (broker != null) {
        broker.close();
      } else if (bootstrapServers != null && target == null) {
        deleteTopics(bootstrapServers, List.of("bench-direct-" + run, "bench-" + run));
      } else if (bootstrapServers != null) {
        deleteTopics(bootstrapServers, List.of("bench-direct-" + run));
      }
      deleteTree(work);
    }
  }

  private int brokerPort;
  private int gatewayPort;

  private ChildProcess startBroker(Path work) throws IOException, InterruptedException {
    brokerPort = freePort();
    int controllerPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.java());
    command.addAll(Words.split(brokerJavaOpts));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BrokerMain.class.getName());
    command.add(Integer.toString(brokerPort));
    command.add(Integer.toString(controllerPort));
    command.add(work.resolve("kafka").toString());
    err.println("esg bench: starting a Kafka broker on 127.0.0.1:" + brokerPort + " ...");
    return ChildProcess.start("broker", command, BrokerMain.READY, Duration.ofMinutes(2), err);
  }

  private ChildProcess startGateway(String servers, Path config)
      throws IOException, InterruptedException {
    Path jar = gatewayJar != null ? gatewayJar : defaultGatewayJar();
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          "no gateway at " + jar + "; build it (mvn package) or name it with --gateway-jar");
    }
    gatewayPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.java());
    command.addAll(Words.split(gatewayJavaOpts));
    command.add("-jar");
    command.add(jar.toString());
    command.add("serve");
    command.add("--grpc-port");
    command.add(Integer.toString(gatewayPort));
    command.add("--bootstrap-servers");
    command.add(servers);
    command.add("--config");
    command.add(config.toString());
    err.println("esg bench: starting the gateway on 127.0.0.1:" + gatewayPort + " ...");
    // any free port for metrics and health, as an environment variable rather than a flag, so the
    // bench also runs gateway jars older than --http-port (compare.sh)
    return ChildProcess.start(
        "gateway",
        command,
        Map.of("ESG_HTTP_PORT", "0"),
        "gateway ready",
        Duration.ofMinutes(2),
        err);
  }

  /** gateway-app/target/esg.jar next to this module's target directory. */
  static Path defaultGatewayJar() {
    try {
      Path location =
          Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../gateway-bench/target/esg-bench.jar or .../gateway-bench/target/classes
      Path module = location.getParent().getParent();
      return module.resolveSibling("gateway-app").resolve("target").resolve("esg.jar");
    } catch (URISyntaxException | RuntimeException unknown) {
      return Path.of("gateway-app", "target", "esg.jar");
    }
  }

  private SideResult runSide(
      String name,
      Load load,
      Measurement measurement,
      LongSupplier sideCpu,
      LongSupplier clientCpu,
      LongSupplier brokerCpu,
      ChildProcess heapOf)
      throws InterruptedException {
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
    long started = System.nanoTime();
    long[] last = {0};
    try {
      load.start();
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
      Thread.sleep(warmup.toMillis());
      long windowStart = System.nanoTime();
      measurement.openWindow(windowStart);
      long cpu0 = sideCpu.getAsLong();
      long client0 = clientCpu.getAsLong();
      long broker0 = brokerCpu.getAsLong();
      List<Long> heapSamples =
          heapOf == null ? List.of() : sampleHeap(name, heapOf, windowStart + duration.toNanos());
      long sleepNanos = windowStart + duration.toNanos() - System.nanoTime();
      if (sleepNanos > 0) {
        TimeUnit.NANOSECONDS.sleep(sleepNanos);
      }
      long windowEnd = System.nanoTime();
      measurement.closeWindow(windowEnd);
      long cpu1 = sideCpu.getAsLong();
      long client1 = clientCpu.getAsLong();
      long broker1 = brokerCpu.getAsLong();
      OptionalLong heap =
          heapOf == null ? OptionalLong.empty() : HeapProbe.usedAfterGc(heapOf.pid());
      load.stopSending();
      if (!load.awaitDrained(measurement, Duration.ofSeconds(40))) {
        err.printf(
            "[%s] %d events still unanswered after 40 s%n",
            name, measurement.sent() - measurement.completed());
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
          difference(cpu0, cpu1),
          difference(client0, client1),
          difference(broker0, broker1),
          heap,
          heapSamples);
    } finally {
      progress.shutdownNow();
      load.close();
    }
  }

  /**
   * With {@code --heap-every}: samples the heap of {@code process} after a full GC every interval
   * until {@code endNanos}, printing each sample; otherwise returns no sample at once.
   */
  private List<Long> sampleHeap(String name, ChildProcess process, long endNanos)
      throws InterruptedException {
    if (heapEvery.isZero()) {
      return List.of();
    }
    List<Long> samples = new ArrayList<>();
    long next = System.nanoTime() + heapEvery.toNanos();
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
      next += heapEvery.toNanos();
    }
    return samples;
  }

  private static OptionalLong difference(long before, long after) {
    return before < 0 || after < 0 ? OptionalLong.empty() : OptionalLong.of(after - before);
  }

  /** The CPU nanoseconds of {@code child}, or -1 when it cannot be measured. */
  private static LongSupplier cpuOf(ProcStat procStat, ChildProcess child) {
    if (procStat == null || child == null) {
      return () -> -1;
    }
    long pid = child.pid();
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

  private void createTopic(String servers, String topic)
      throws InterruptedException, ExecutionException {
    int minInsync = replicationFactor >= 3 ? 2 : 1;
    try (Admin admin = Admin.create(adminProperties(servers))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, partitions, (short) replicationFactor)
                      .configs(
                          Map.of(
                              "min.insync.replicas",
                              Integer.toString(minInsync),
                              "retention.ms",
                              "3600000"))))
          .all()
          .get();
    }
  }

  private void deleteTopics(String servers, List<String> topics) {
    try (Admin admin = Admin.create(adminProperties(servers))) {
      admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
    } catch (Exception failed) {
      err.println("esg bench: could not delete the bench topics " + topics + ": " + failed);
    }
  }

  private static Properties adminProperties(String servers) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "esg-bench-admin");
    return properties;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind
    }
  }

  /** {@code direct-first} or {@code gateway-first}. */
  static final class OrderConverter implements picocli.CommandLine.ITypeConverter<Order> {
    @Override
    public Order convert(String value) {
      return Order.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
