package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.app.testing.ExternalTools;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's {@code /metrics}, {@code /health/*} over HTTP, end to end: after a known mix of
 * publishes (written, invalid, to an unknown stream, resent) and a subscription, every counter says
 * exactly what happened.
 */
class MetricsIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final int DATA_BYTES = 10;
  private static final String ORDERS = KafkaBrokerExtension.uniqueTopicName("orders");
  private static final String PAYMENTS = KafkaBrokerExtension.uniqueTopicName("payments");
  private static final String SHIPMENTS = KafkaBrokerExtension.uniqueTopicName("shipments");
  // the cluster monitor reports every group on the shared broker: these are the test's own
  private static final String BILLING = KafkaBrokerExtension.uniqueTopicName("billing");
  private static final String EXTERNAL_READER =
      KafkaBrokerExtension.uniqueTopicName("external-reader");
  private static final String NAMES_CHECK = KafkaBrokerExtension.uniqueTopicName("names-check");

  @TempDir static Path directory;
  static RunningGateway running;
  static int http;

  @BeforeAll
  static void serve() throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        kafka:
          monitor:
            interval: 500ms
        streams:
          - {name: %s, class: events, partitions: 2}
          - {name: %s, class: audit, partitions: 2}
          - {name: %s, class: raw, partitions: 3}
        """
            .formatted(ORDERS, PAYMENTS, SHIPMENTS));
    running = RunningGateway.onSharedBroker(KAFKA, "--config", config.toString());
    http = running.gateway.httpPort().orElseThrow();
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  private static Event.Builder event(String id) {
    return Event.newBuilder()
        .setId(id)
        .setSource("/tests/metrics")
        .setType("t")
        .setSubject("s-" + id)
        .setData(ByteString.copyFromUtf8("x".repeat(DATA_BYTES)));
  }

  @Test
  void countersSayExactlyWhatWasPublishedAndDelivered() throws Exception {
    for (int i = 0; i < 5; i++) {
      running.blocking().publish(request(ORDERS, event("o-" + i)));
    }
    List<PublishResult> batch =
        running
            .blocking()
            .publishBatch(
                PublishBatchRequest.newBuilder()
                    .setStream(ORDERS)
                    .addEvents(event("b-1"))
                    .addEvents(event("b-2").clearSource())
                    .addEvents(event("b-3"))
                    .addEvents(event("b-4").clearType())
                    .addEvents(event("b-5"))
                    .build())
            .getResultsList();
    assertThat(batch).extracting(r -> r.getStatus().getCode()).containsExactly(0, 3, 0, 3, 0);
    assertThatThrownBy(() -> running.blocking().publish(request("nope", event("n-1"))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    // payments is critical: a resend is answered from the deduplication window
    running.blocking().publish(request(PAYMENTS, event("p-1")));
    assertThat(
            running.blocking().publish(request(PAYMENTS, event("p-1"))).getResult().getDuplicate())
        .isTrue();

    // each outcome is counted just after its answer was handed to gRPC
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(MetricsScrape.of(http).value("esg_publish_duration_seconds_count"))
                    .isEqualTo(5 + 5 + 1 + 2));
    MetricsScrape scrape = MetricsScrape.of(http);
    assertThat(events(scrape, ORDERS, "OK")).isEqualTo(8);
    assertThat(events(scrape, ORDERS, "INVALID_ARGUMENT")).isEqualTo(2);
    assertThat(
            scrape.value("esg_publish_events_total", "stream", "(unknown)", "status", "NOT_FOUND"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "esg_publish_events_total", "stream", PAYMENTS, "class", "audit", "status", "OK"))
        .isEqualTo(2);
    assertThat(scrape.value("esg_publish_duplicates_total", "stream", PAYMENTS)).isEqualTo(1);
    assertThat(scrape.value("esg_publish_duplicates_total", "stream", ORDERS)).isZero();
    assertThat(scrape.value("esg_publish_bytes_total", "stream", ORDERS)).isEqualTo(8 * DATA_BYTES);
    assertThat(scrape.value("esg_publish_bytes_total", "stream", PAYMENTS)).isEqualTo(DATA_BYTES);
    // every event is timed, failed ones too; only writes that reached Kafka are timed there
    assertThat(scrape.value("esg_publish_duration_seconds_count", "stream", ORDERS)).isEqualTo(10);
    assertThat(scrape.value("esg_publish_duration_seconds_bucket", "stream", ORDERS, "le", "+Inf"))
        .isEqualTo(10);
    assertThat(scrape.value("esg_publish_duration_seconds_bucket", "stream", ORDERS, "le", "30.0"))
        .isEqualTo(10);
    assertThat(scrape.value("esg_kafka_write_duration_seconds_count", "stream", ORDERS))
        .isEqualTo(8);
    assertThat(scrape.value("esg_kafka_write_duration_seconds_count", "stream", PAYMENTS))
        .isEqualTo(1);
    assertThat(scrape.value("esg_publish_in_flight_events")).isZero();
    // the Kafka producers' own figures: 8 records through the standard one, 1 through the critical
    assertThat(scrape.value("kafka_producer_record_send_total", "durability", "standard"))
        .isEqualTo(8);
    assertThat(scrape.value("kafka_producer_record_send_total", "durability", "critical"))
        .isEqualTo(1);
    assertThat(scrape.value("kafka_producer_batch_size_avg", "durability", "standard"))
        .isPositive();
    assertThat(scrape.sum("kafka_producer_compression_rate_avg", "durability", "standard"))
        .isPresent();
    // gRPC calls by method and status
    assertThat(grpcCalls(scrape, "Publish", "OK")).isEqualTo(7);
    assertThat(grpcCalls(scrape, "Publish", "NOT_FOUND")).isEqualTo(1);
    assertThat(grpcCalls(scrape, "PublishBatch", "OK")).isEqualTo(1);

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel,
            Subscription.newBuilder()
                .setStream(ORDERS)
                .setGroup(BILLING)
                .setStartFrom(StartFrom.START_FROM_EARLIEST)
                .build(),
            delivery -> true);
    subscriber.awaitReceived(8);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              MetricsScrape now = MetricsScrape.of(http);
              assertThat(subscribed(now, "esg_subscriptions_active")).isEqualTo(1);
              assertThat(subscribed(now, "esg_subscribe_deliveries_total")).isEqualTo(8);
              assertThat(subscribed(now, "esg_subscribe_acknowledgements_total")).isEqualTo(8);
            });
    subscriber.leave();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(subscribed(MetricsScrape.of(http), "esg_subscriptions_active"))
                    .isZero());
  }

  @Test
  void everyGroupOnTheClusterHasItsLagAndTheClusterItsHealth() throws Exception {
    int partition = -1;
    for (int i = 0; i < 5; i++) {
      partition =
          running
              .blocking()
              .publish(request(SHIPMENTS, event("sh-" + i).setSubject("parcel-1")))
              .getResult()
              .getPartition();
    }
    // a group the gateway knows nothing of: a plain Kafka consumer commits offset 2
    running.commitAsPlainConsumer(EXTERNAL_READER, SHIPMENTS, partition, 2);
    int shipments = partition;
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              MetricsScrape scrape = MetricsScrape.of(http);
              String[] external = {
                "group", EXTERNAL_READER, "topic", SHIPMENTS, "partition", "" + shipments
              };
              assertThat(scrape.value("esg_consumer_group_lag_records", external)).isEqualTo(3);
              assertThat(scrape.value("esg_consumer_group_committed_offset", external))
                  .isEqualTo(2);
              assertThat(scrape.value("esg_consumer_group_lag_seconds", external)).isPositive();
              assertThat(scrape.value("esg_consumer_group_members", "group", EXTERNAL_READER))
                  .isZero();
              assertThat(
                      scrape.value(
                          "esg_kafka_partition_end_offset",
                          "topic",
                          SHIPMENTS,
                          "partition",
                          "" + shipments))
                  .isEqualTo(5);
            });
    MetricsScrape scrape = MetricsScrape.of(http);
    assertThat(scrape.value("esg_kafka_brokers_online")).isEqualTo(1);
    assertThat(scrape.value("esg_kafka_brokers_expected")).isEqualTo(1);
    assertThat(scrape.value("esg_kafka_controller_quorum_has_leader")).isEqualTo(1);
    assertThat(scrape.value("esg_kafka_controller_quorum_voters")).isEqualTo(1);
    assertThat(scrape.value("esg_kafka_partitions", "topic", SHIPMENTS)).isEqualTo(3);
    assertThat(scrape.value("esg_kafka_partitions_under_replicated", "topic", SHIPMENTS)).isZero();
    assertThat(scrape.value("esg_kafka_partitions_offline")).isZero();
    assertThat(scrape.value("esg_kafka_partitions_under_min_isr")).isZero();
    assertThat(scrape.value("esg_kafka_log_dir_size_bytes")).isPositive();
    assertThat(scrape.value("esg_cluster_monitor_last_success_timestamp_seconds"))
        .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(30.0));

    // the status page's data says the same
    JsonNode status = new ObjectMapper().readTree(MetricsScrape.get(http, "/api/status").body());
    assertThat(status.at("/health/ready").asBoolean()).isTrue();
    assertThat(status.at("/cluster/brokersOnline").toString()).isEqualTo("[1]");
    JsonNode streams = status.get("streams");
    assertThat(streams.findValuesAsText("name")).contains(ORDERS, PAYMENTS, SHIPMENTS);
    JsonNode external = null;
    for (JsonNode group : status.get("groups")) {
      if (group.get("group").asText().equals(EXTERNAL_READER)) {
        external = group;
      }
    }
    assertThat(external).as("external-reader in /api/status").isNotNull();
    assertThat(external.get("lag").asLong()).isEqualTo(3);
    assertThat(external.at("/partitions/0/topic").asText()).isEqualTo(SHIPMENTS);
  }

  @Test
  void everyMetricTheAlertsAndTheDashboardUseIsExported() throws Exception {
    // a group with a committed offset, so that the lag metrics exist
    running.commitAsPlainConsumer(NAMES_CHECK, ORDERS, 0, 0);
    List<String> names;
    try (var in = MetricsIT.class.getResourceAsStream("/ops/exported-metrics.txt")) {
      names =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .toList();
    }
    assertThat(names).hasSizeGreaterThan(40);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              System.gc(); // jvm_gc_pause_seconds exists from the first collection after start
              java.util.Set<String> exported = new java.util.HashSet<>();
              MetricsScrape.of(http).samples.forEach(sample -> exported.add(sample.name()));
              assertThat(names)
                  .allSatisfy(
                      name ->
                          assertThat(exported.contains(name) || exported.contains(name + "_count"))
                              .as(name + " in the scrape")
                              .isTrue());
            });
  }

  @Test
  void theStatusPageListsAFailureWithItsRequestId() throws Exception {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "metrics-it-42");
    assertThatThrownBy(
            () ->
                running
                    .blocking()
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .publish(request(SHIPMENTS, event("bad-1").clearSubject())))
        .isInstanceOf(StatusRuntimeException.class);

    JsonNode errors =
        new ObjectMapper()
            .readTree(MetricsScrape.get(http, "/api/status").body())
            .get("recentErrors");
    JsonNode ours = null;
    for (JsonNode error : errors) {
      if (error.get("requestId").asText().equals("metrics-it-42")) {
        ours = error;
      }
    }
    assertThat(ours).as("the failure with request id metrics-it-42 in " + errors).isNotNull();
    assertThat(ours.get("stream").asText()).isEqualTo(SHIPMENTS);
    assertThat(ours.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(ours.get("message").asText()).contains("subject");
  }

  @Test
  void healthJvmAndProcessMetricsAreThere() throws Exception {
    MetricsScrape scrape = MetricsScrape.of(http);
    assertThat(scrape.value("esg_ready")).isEqualTo(1);
    assertThat(scrape.value("esg_kafka_reachable")).isEqualTo(1);
    assertThat(scrape.value("esg_streams_reconciled")).isEqualTo(1);
    assertThat(scrape.value("esg_build_info")).isEqualTo(1);
    assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
    // the pause timer exists from the first collection after start: make sure there was one
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              System.gc();
              assertThat(MetricsScrape.of(http).sum("jvm_gc_pause_seconds_count")).isPresent();
            });
    assertThat(scrape.sum("process_cpu_usage")).isPresent();
    assertThat(scrape.value("process_uptime_seconds")).isPositive();
    assertThat(scrape.value("process_files_open_files")).isPositive();
  }

  @Test
  void healthEndpointsAnswerAndOtherRequestsAreRefused() throws Exception {
    HttpResponse<String> live = MetricsScrape.get(http, "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    HttpResponse<String> ready = MetricsScrape.get(http, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body())
        .isEqualTo(
            "{\"status\":\"READY\",\"kafkaReachable\":true,\"streamsReconciled\":true,"
                + "\"problems\":[]}");
    assertThat(MetricsScrape.get(http, "/nothing-here").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void openMetricsIsServedWhenTheScraperAsksForIt() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(response.body()).contains("# TYPE esg_publish_events counter").endsWith("# EOF\n");
  }

  @Test
  void theExpositionPassesPromtoolsLint() throws Exception {
    ExternalTools.Result lint =
        ExternalTools.run(
            ExternalTools.require("promtool", "apt-get install prometheus"),
            MetricsScrape.of(http).text,
            "check",
            "metrics");
    assertThat(lint.output()).as("promtool check metrics").isBlank();
    assertThat(lint.exitCode()).as("promtool's exit code").isZero();
  }

  private static PublishRequest request(String stream, Event.Builder event) {
    return PublishRequest.newBuilder().setStream(stream).setEvent(event).build();
  }

  private static double events(MetricsScrape scrape, String stream, String status) {
    return scrape.value(
        "esg_publish_events_total", "stream", stream, "class", "events", "status", status);
  }

  private static double grpcCalls(MetricsScrape scrape, String method, String status) {
    return scrape.value(
        "grpc_server_processing_duration_seconds_count",
        "service",
        "eventgateway.v1.PublisherService",
        "method",
        method,
        "statusCode",
        status);
  }

  private static double subscribed(MetricsScrape scrape, String name) {
    return scrape.value(name, "stream", ORDERS, "group", BILLING);
  }
}
