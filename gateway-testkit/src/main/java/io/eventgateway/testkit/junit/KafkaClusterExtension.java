package io.eventgateway.testkit.junit;

import io.eventgateway.testkit.kafka.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects a real {@link KafkaCluster} (node processes on loopback) into parameters of that type, as
 * {@link KafkaClusterTest} asks: by default one cluster per size for the whole test run, started on
 * first use and shared by every test class in the JVM, like Kafka's own {@code
 * ClusterTestExtensions} and kroxylicious' {@code KafkaClusterExtension}. It is kept in JUnit's
 * root store and closed when the run ends; a cluster asked for with {@code fresh = true} is kept in
 * the store of the annotated class or method and closed after it.
 *
 * <p><b>The rule of the shared cluster: leave it whole.</b> A test may kill, terminate, pause and
 * restart nodes, but it must leave every node running and unpaused (restart and resume what it
 * stopped) and its own topics in sync ({@link KafkaCluster#awaitInSync}) before it returns, so that
 * the next test, perhaps of another class, starts from a whole cluster. A test that cannot, or
 * whose point is a cluster nobody touched before, declares {@code @KafkaClusterTest(fresh = true)}.
 * Every test gets its own topics and consumer groups: the cluster's metadata outlives it.
 *
 * <p>The rule is checked: after each test on a shared cluster, a node left stopped or paused is
 * brought back (restarted or resumed, so the run goes on) and the test fails, naming the nodes.
 * When a cluster is closed, a node process that outlived the close fails the run. A cluster's data
 * and logs are in a temporary directory, deleted when it is closed unless a test that used it
 * failed: then the directory is kept and logged.
 *
 * <p>Thread-safe: with parallel test execution, the shared cluster still starts once.
 */
public final class KafkaClusterExtension implements ParameterResolver, AfterEachCallback {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ClusterRequest request = ClusterRequest.of(context.getTestMethod(), context.getTestClass());
    return owner(request, context)
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            request.key(), key -> ManagedCluster.start(request), ManagedCluster.class)
        .cluster;
  }

  /** Keeps a failed test's cluster data, and heals a shared cluster a test left broken. */
  @Override
  public void afterEach(ExtensionContext context) {
    ClusterRequest request = ClusterRequest.of(context.getTestMethod(), context.getTestClass());
    ManagedCluster used =
        owner(request, context).getStore(NAMESPACE).get(request.key(), ManagedCluster.class);
    if (used == null) {
      return;
    }
    if (context.getExecutionException().isPresent()) {
      used.keepData = true;
    }
    if (!request.fresh()) {
      List<String> broken = used.heal();
      if (!broken.isEmpty()) {
        used.keepData = true;
        throw new AssertionError(
            context.getRequiredTestClass().getSimpleName()
                + "."
                + context.getDisplayName()
                + " left the shared Kafka cluster broken: "
                + String.join(", ", broken)
                + " (brought back for the next test). Restart and resume what a test stops, or"
                + " give it a cluster of its own with @KafkaClusterTest(fresh = true)");
      }
    }
  }

  /** The context whose store holds the cluster {@code request} asks for. */
  private static ExtensionContext owner(ClusterRequest request, ExtensionContext context) {
    if (!request.fresh()) {
      return context.getRoot();
    }
    if (request.onMethod()) {
      return context;
    }
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext;
  }

  /** A cluster, its directory, and what its close must check. */
  private static final class ManagedCluster implements AutoCloseable {
    private final KafkaCluster cluster;
    private final Path directory;
    private final String description;
    private volatile boolean keepData;

    private ManagedCluster(KafkaCluster cluster, Path directory, String description) {
      this.cluster = cluster;
      this.directory = directory;
      this.description = description;
    }

    static ManagedCluster start(ClusterRequest request) {
      Path directory;
      try {
        directory = Files.createTempDirectory("esg-kafka-cluster-");
      } catch (IOException failed) {
        throw new UncheckedIOException("cannot create a directory for a Kafka cluster", failed);
      }
      LOGGER.info("starting a {} in {}", request.key(), directory);
      return new ManagedCluster(
          KafkaCluster.start(directory, request.brokers()), directory, request.key());
    }

    /** Resumes paused nodes and restarts stopped ones; what it found, e.g. "node 2 stopped". */
    synchronized List<String> heal() {
      List<String> broken = new ArrayList<>();
      for (int node : cluster.nodeIds()) {
        if (cluster.isPaused(node)) {
          broken.add("node " + node + " paused");
          cluster.resume(node);
        } else if (!cluster.isRunning(node)) {
          broken.add("node " + node + " stopped");
          cluster.restart(node);
        }
      }
      return broken;
    }

    /**
     * Closes the cluster and checks that no node process outlived it; deletes the directory unless
     * a test failed.
     *
     * @throws IllegalStateException naming the processes that are still alive
     */
    @Override
    public synchronized void close() throws IOException {
      List<Long> pids = new ArrayList<>();
      for (int node : cluster.nodeIds()) {
        if (cluster.isRunning(node)) {
          pids.add(cluster.pid(node));
        }
      }
      cluster.close();
      List<Long> alive =
          pids.stream()
              .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
              .toList();
      if (!alive.isEmpty()) {
        keepData = true;
        throw new IllegalStateException(
            "node processes " + alive + " of the " + description + " outlived its close");
      }
      if (keepData) {
        LOGGER.warn(
            "a test failed on the {}: its data and logs stay in {}", description, directory);
      } else {
        deleteRecursively(directory);
      }
    }

    private static void deleteRecursively(Path directory) throws IOException {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
