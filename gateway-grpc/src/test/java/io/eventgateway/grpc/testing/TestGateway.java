package io.eventgateway.grpc.testing;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.out.EventLog;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.GrpcServer;
import io.eventgateway.grpc.UseCases;
import io.eventgateway.grpc.publish.PublisherSettings;
import io.eventgateway.grpc.subscribe.SubscriberSettings;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A started gateway on the in-process transport, wired as production wires it (a real {@link
 * PublishEventsService} over a fake {@link EventLog}; test doubles of the subscribe and admin use
 * cases, {@link FakeSubscribing} and {@link FakeAdmin}), with a channel to it. Close it after each
 * test.
 */
public final class TestGateway implements AutoCloseable {
  /** A stream of class events with 3 partitions. */
  public static final StreamDefinition ORDERS =
      new StreamDefinition(
          "orders", StreamClass.EVENTS, 3, Durability.STANDARD, Duration.ofDays(7), (short) 1, 1);

  /** A stream of class audit with 1 partition. */
  public static final StreamDefinition AUDIT =
      new StreamDefinition(
          "audit", StreamClass.AUDIT, 1, Durability.CRITICAL, Duration.ofDays(90), (short) 1, 1);

  private final PublishEventsService service;
  private final FakeSubscribing subscribing;
  private final FakeAdmin admin;
  private final GrpcServer gateway;
  private final ManagedChannel channel;

  private TestGateway(Builder builder) {
    this.service =
        new PublishEventsService(
            new StreamCatalog(List.of(ORDERS, AUDIT)),
            builder.log,
            new EventValidator(TestLimits.TYPICAL),
            Clock.systemUTC());
    this.subscribing = builder.subscribing;
    this.admin = builder.admin;
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder serverBuilder = InProcessServerBuilder.forName(name);
    builder.interceptors.forEach(serverBuilder::intercept);
    this.gateway =
        new GrpcServer(
            serverBuilder,
            TestServerSettings.withServices(
                TestServerSettings.loopback(),
                new PublisherSettings(
                    builder.maxInFlight,
                    builder.inFlightBytesPerCall,
                    TestServerSettings.loopback().maxInboundMessageBytes()),
                builder.subscriberSettings),
            new UseCases(builder.decorator.apply(service), subscribing, admin, admin),
            builder.budget);
    try {
      gateway.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.channel = InProcessChannelBuilder.forName(name).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A gateway over an {@link InMemoryEventLog} with the default settings. */
  public static TestGateway over(EventLog log) {
    return builder().log(log).start();
  }

  public GrpcServer gateway() {
    return gateway;
  }

  public PublishEventsService service() {
    return service;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public FakeSubscribing subscribing() {
    return subscribing;
  }

  public FakeAdmin admin() {
    return admin;
  }

  public SubscriberServiceGrpc.SubscriberServiceStub subscriber() {
    return SubscriberServiceGrpc.newStub(channel);
  }

  public AdminServiceGrpc.AdminServiceBlockingStub adminBlocking() {
    return AdminServiceGrpc.newBlockingStub(channel);
  }

  public PublisherServiceGrpc.PublisherServiceBlockingStub blocking() {
    return PublisherServiceGrpc.newBlockingStub(channel);
  }

  public PublisherServiceGrpc.PublisherServiceStub async() {
    return PublisherServiceGrpc.newStub(channel);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    gateway.close();
    subscribing.close();
  }

  /** A valid event with a small JSON payload. */
  public static Event event(String id, String subject) {
    return Event.newBuilder()
        .setId(id)
        .setSource("/tests")
        .setType("com.example.order.created")
        .setSubject(subject)
        .setDataContentType("application/json")
        .setData(ByteString.copyFromUtf8("{\"order\":\"" + subject + "\"}"))
        .build();
  }

  public static PublishRequest request(String stream, Event event) {
    return PublishRequest.newBuilder().setStream(stream).setEvent(event).build();
  }

  /** Builds a {@link TestGateway}. */
  public static final class Builder {
    private EventLog log = new InMemoryEventLog();
    private UnaryOperator<PublishEventsUseCase> decorator = UnaryOperator.identity();
    private int maxInFlight = TestServerSettings.loopback().publisher().maxInFlightPerCall();
    private long inFlightBytesPerCall =
        TestServerSettings.loopback().publisher().maxInFlightBytesPerCall();
    private MemoryBudget budget = TestServerSettings.budget();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private FakeSubscribing subscribing = new FakeSubscribing();
    private FakeAdmin admin = new FakeAdmin();
    private SubscriberSettings subscriberSettings = SubscriberSettings.DEFAULTS;

    private Builder() {}

    public Builder log(EventLog eventLog) {
      this.log = eventLog;
      return this;
    }

    /** Wraps the production use case, e.g. to make it fail or to watch it. */
    public Builder decorate(UnaryOperator<PublishEventsUseCase> useCaseDecorator) {
      this.decorator = useCaseDecorator;
      return this;
    }

    public Builder maxInFlight(int events) {
      this.maxInFlight = events;
      return this;
    }

    /** Most bytes one {@code PublishStream} call may hold; requests count as 8 MiB each. */
    public Builder inFlightBytesPerCall(long bytes) {
      this.inFlightBytesPerCall = bytes;
      return this;
    }

    /** The gateway's memory budget, shared by every call. */
    public Builder budget(MemoryBudget memory) {
      this.budget = memory;
      return this;
    }

    public Builder subscribing(FakeSubscribing useCase) {
      this.subscribing = useCase;
      return this;
    }

    public Builder admin(FakeAdmin useCases) {
      this.admin = useCases;
      return this;
    }

    public Builder subscriberSettings(SubscriberSettings settings) {
      this.subscriberSettings = settings;
      return this;
    }

    public Builder intercept(ServerInterceptor interceptor) {
      interceptors.add(interceptor);
      return this;
    }

    public TestGateway start() {
      return new TestGateway(this);
    }
  }
}
