package io.eventgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where values come from: files, the environment, flags, and how each mistake is reported. */
class ConfigSourcesTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("esg.yaml"), yaml);
  }

  private static String originOf(EffectiveConfig effective, String key) {
    return effective.entries().stream()
        .filter(e -> e.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + key))
        .origin();
  }

  private static String valueOf(EffectiveConfig effective, String key) {
    return effective.entries().stream()
        .filter(e -> e.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + key))
        .value();
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverFilesWhichWinOverDefaults() throws IOException {
    Path file =
        write(
            """
            grpc:
              port: 6000
              host: 0.0.0.0
            http:
              port: 6001
            kafka:
              properties:
                linger.ms: 20
            """);
    EffectiveConfig effective =
        new ConfigSources()
            .file(file)
            .environment(Map.of("ESG_GRPC_PORT", "6500", "ESG_HTTP_PORT", "6501"))
            .set("grpc.port", "7000", "flag --grpc-port")
            .set("kafka.properties.compression.type", "lz4", "flag -K compression.type")
            .resolve();
    GatewayConfig config = effective.config();

    assertThat(config.grpc().port()).isEqualTo(7000);
    assertThat(config.grpc().host()).isEqualTo("0.0.0.0");
    assertThat(config.http().port()).isEqualTo(6501);
    assertThat(config.kafka().properties())
        .containsEntry("linger.ms", "20")
        .containsEntry("compression.type", "lz4");
    assertThat(originOf(effective, "grpc.port")).isEqualTo("flag --grpc-port");
    assertThat(originOf(effective, "grpc.host")).isEqualTo("file " + file);
    assertThat(originOf(effective, "http.port")).isEqualTo("env ESG_HTTP_PORT");
    assertThat(originOf(effective, "http.host")).isEqualTo("default");
    assertThat(originOf(effective, "kafka.properties.linger.ms")).isEqualTo("file " + file);
    assertThat(originOf(effective, "kafka.embedded.controller-port"))
        .isEqualTo("default: kafka.embedded.port + 1");
  }

  @Test
  void everyKeyHasAnEnvironmentVariableByTheNamingRule() {
    EffectiveConfig effective =
        new ConfigSources()
            .environment(
                Map.of(
                    "ESG_KAFKA_PRODUCER_LINGER", "20ms",
                    "ESG_KAFKA_MONITOR_ENABLED", "false",
                    "ESG_DEDUP_MAX_IDS_PER_STREAM", "7",
                    "ESG_SHUTDOWN_TIMEOUT", "9s",
                    "ESG_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE", "PEM",
                    "ESG_STREAMS_0_PARTITIONS", "6",
                    "ESG_KAFKA_EMBEDDED_DATA_DIR", "/tmp/data"))
            .resolve();
    GatewayConfig config = effective.config();

    assertThat(config.kafka().producer().linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.kafka().monitor().enabled()).isFalse();
    assertThat(config.dedup().maxIdsPerStream()).isEqualTo(7);
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(config.kafka().properties()).containsEntry("ssl.truststore.type", "PEM");
    assertThat(config.kafka().embedded().dataDir()).isEqualTo(Path.of("/tmp/data"));
    // an element of the default list changed, the rest of the list kept
    assertThat(config.streams())
        .extracting(StreamConfig::name)
        .containsExactly("events", "raw", "audit");
    assertThat(config.streams().get(0).partitions()).isEqualTo(6);
    assertThat(originOf(effective, "streams[0].partitions"))
        .isEqualTo("env ESG_STREAMS_0_PARTITIONS");
    assertThat(originOf(effective, "streams[1].partitions")).isEqualTo("default");
    assertThat(originOf(effective, "kafka.properties.ssl.truststore.type"))
        .isEqualTo("env ESG_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE");
  }

  @Test
  void theFlagsShortVariablesStillWorkAndTheRulesNameWins() {
    GatewayConfig config =
        new ConfigSources()
            .environment(
                Map.of(
                    "ESG_BOOTSTRAP_SERVERS", "k1:9092",
                    "ESG_KAFKA_PORT", "19092",
                    "ESG_DATA_DIR", "/tmp/short",
                    "ESG_KAFKA_EMBEDDED_DATA_DIR", "/tmp/long"))
            .resolve()
            .config();
    assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092");
    assertThat(config.kafka().embedded().port()).isEqualTo(19092);
    assertThat(config.kafka().embedded().controllerPort()).isEqualTo(19093);
    assertThat(config.kafka().embedded().dataDir()).isEqualTo(Path.of("/tmp/long"));
  }

  @Test
  void variablesThatAreNotConfigurationOrAreEmptyAreLeftAlone() {
    GatewayConfig config =
        new ConfigSources()
            .environment(
                Map.of(
                    "ESG_CONFIG", "x.yaml",
                    "ESG_LOG_LEVEL", "debug",
                    "ESG_REQUIRE_TOOLS", "1",
                    "ESG_GRPC_PORT", "",
                    "PATH", "/usr/bin"))
            .resolve()
            .config();
    assertThat(config).isEqualTo(new ConfigSources().resolve().config());
  }

  @Test
  void aMistypedVariableOfASectionIsAnErrorWithTheNearestVariable() {
    assertThatThrownBy(
            () -> new ConfigSources().environment(Map.of("ESG_GRPC_PROT", "1")).resolve())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ESG_GRPC_PROT")
        .hasMessageContaining("did you mean ESG_GRPC_PORT?");
    assertThatThrownBy(
            () ->
                new ConfigSources()
                    .environment(Map.of("ESG_KAFKA_PRODUCER_LINGR", "1ms"))
                    .resolve())
        .hasMessageContaining("did you mean ESG_KAFKA_PRODUCER_LINGER?");
  }

  @Test
  void anUnknownKeyIsAnErrorWithItsPathAndTheNearestValidKey() throws IOException {
    assertThatThrownBy(() -> new ConfigSources().file(write("grpc:\n  prot: 1\n")))
        .hasMessageContaining("at grpc.prot: unknown key; did you mean 'port'?");
    assertThatThrownBy(
            () ->
                new ConfigSources()
                    .file(write("streams:\n  - name: a\n    class: raw\n    retension: 2d\n")))
        .hasMessageContaining("at streams[0].retension: unknown key; did you mean 'retention'?");
    assertThatThrownBy(() -> new ConfigSources().file(write("kafka:\n  zzz: 1\n")))
        .hasMessageContaining("at kafka.zzz: unknown key (valid in kafka: bootstrap-servers,");
    assertThatThrownBy(() -> new ConfigSources().set("kafka.producer.lingr", "1ms", "flag --set"))
        .hasMessageContaining(
            "flag --set: kafka.producer.lingr: unknown key; did you mean 'linger'?");
    assertThatThrownBy(() -> new ConfigSources().file(write("grpc: 5\n")))
        .hasMessageContaining("at grpc: expected a section of keys, found '5'");
    assertThatThrownBy(() -> new ConfigSources().file(dir.resolve("missing.yaml")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aValueOutOfItsRangeNamesTheKeyTheLimitAndWhereItCameFrom() throws IOException {
    Path file = write("http:\n  port: 70000\n");
    assertThatThrownBy(() -> new ConfigSources().file(file).resolve())
        .hasMessageContaining(
            "http.port must be between 0 and 65535, was 70000 (from file " + file);
    assertThatThrownBy(
            () -> new ConfigSources().environment(Map.of("ESG_GRPC_PORT", "x")).resolve())
        .hasMessageContaining("grpc.port must be a whole number, was 'x' (from env ESG_GRPC_PORT)");
    assertThatThrownBy(
            () -> new ConfigSources().set("kafka.producer.max-block", "0s", "flag").resolve())
        .hasMessageContaining(
            "kafka.producer.max-block must be between 1ms and 2147483647ms, was 0s");
    assertThatThrownBy(() -> new ConfigSources().set("shutdown-timeout", "-PT5S", "f").resolve())
        .hasMessageContaining("shutdown-timeout must be at least 1ms");
    assertThatThrownBy(
            () -> new ConfigSources().set("dedup.max-ids-per-stream", "0", "f").resolve())
        .hasMessageContaining("dedup.max-ids-per-stream must be at least 1, was 0");
    assertThatThrownBy(
            () -> new ConfigSources().set("kafka.producer.compression", "brotli", "f").resolve())
        .hasMessageContaining(
            "kafka.producer.compression must be one of none, gzip, snappy, lz4, zstd");
    assertThatThrownBy(() -> new ConfigSources().set("http.enabled", "yes", "f").resolve())
        .hasMessageContaining("http.enabled must be true or false, was 'yes'");
  }

  @Test
  void listsAreReplacedWholeAndMapsEntryByEntry() throws IOException {
    Path base = write("streams:\n  - {name: a, class: raw}\n  - {name: b, class: raw}\n");
    Path overlay =
        Files.writeString(
            dir.resolve("overlay.yaml"),
            "streams:\n  - {name: c, class: audit}\nkafka:\n  properties:\n    acks.x: 1\n");
    GatewayConfig config =
        new ConfigSources()
            .file(base)
            .file(overlay)
            .set("kafka.properties.client.id", "esg", "flag")
            .set("streams[1]", "{name: d, class: events}", "flag --set")
            .resolve()
            .config();
    assertThat(config.streams()).extracting(StreamConfig::name).containsExactly("c", "d");
    assertThat(config.kafka().properties()).containsOnlyKeys("acks.x", "client.id");
    assertThatThrownBy(() -> new ConfigSources().set("streams[5].name", "x", "flag --set"))
        .hasMessageContaining("streams: the list has 3 elements, so the next new one is [3]");
  }

  @Test
  void aKeyUnderItsOldNameStillWorksWithAWarning() throws IOException {
    ConfigSources sources = new ConfigSources().file(write("data-dir: /tmp/old\n"));
    assertThat(sources.resolve().config().kafka().embedded().dataDir())
        .isEqualTo(Path.of("/tmp/old"));
    assertThat(sources.warnings()).singleElement().asString().contains("kafka.embedded.data-dir");
  }

  @Test
  void anEmptyFileOrASectionWithNothingInItMeansTheDefaults() throws IOException {
    GatewayConfig defaults = new ConfigSources().resolve().config();
    assertThat(new ConfigSources().file(write("")).resolve().config()).isEqualTo(defaults);
    assertThat(new ConfigSources().file(write("grpc:\nhttp:\n")).resolve().config())
        .isEqualTo(defaults);
  }

  @Test
  void theEffectiveConfigurationMasksSecretsAndListsEveryKey() {
    EffectiveConfig effective =
        new ConfigSources()
            .set("kafka.properties.sasl.jaas.config", "user=a password=hunter2", "flag -K")
            .resolve();
    assertThat(valueOf(effective, "kafka.properties.sasl.jaas.config")).isEqualTo("[hidden]");
    assertThat(String.join("\n", effective.lines())).doesNotContain("hunter2");
    for (ConfigKey key : ConfigSchema.GATEWAY.keys()) {
      if (key.kind() == ConfigKey.Kind.VALUE && !key.path().contains("[]")) {
        assertThat(effective.entries()).anyMatch(e -> e.key().equals(key.path()));
      }
    }
    assertThat(valueOf(effective, "kafka.bootstrap-servers")).isEqualTo("''");
    assertThat(valueOf(effective, "streams[2].durability")).isEqualTo("critical");
    assertThat(originOf(effective, "streams[2].durability")).isEqualTo("default: the class's");
    // the replication each stream gets, not the cluster default it would get on a cluster
    assertThat(valueOf(effective, "streams[0].replication-factor")).isEqualTo("1");
    assertThat(valueOf(effective, "streams[0].min-insync-replicas")).isEqualTo("1");
  }

  @Test
  void nearestKeyFindsTyposButNotUnrelatedNames() {
    assertThat(NearestKey.of("retension", java.util.List.of("retention", "partitions")))
        .contains("retention");
    assertThat(NearestKey.of("prot", java.util.List.of("host", "port"))).contains("port");
    assertThat(NearestKey.of("zzz", java.util.List.of("host", "port"))).isEmpty();
    assertThat(NearestKey.distance("abcd", "abdc")).isEqualTo(1);
  }
}
