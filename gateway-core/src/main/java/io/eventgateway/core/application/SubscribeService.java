package io.eventgateway.core.application;

import static io.eventgateway.core.application.RequestChecks.rejected;

import io.eventgateway.core.domain.AckLedger;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.EventSource;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.FeedSpec;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

/**
 * Opens subscriptions on declared streams: validates what the client asked for, then reads through
 * the {@link EventSource}. Between the source's subscription and the client it adds only what the
 * use case promises beyond the source's: its failures as {@link RequestFailure}s and a refusal of
 * acknowledgements of offsets never delivered; and it keeps the open subscriptions so a shutdown
 * can end them.
 *
 * <p>Thread-safe.
 */
public final class SubscribeService implements SubscribeUseCase {
  /** Deliveries unacknowledged per subscription when the client does not say. */
  public static final int DEFAULT_MAX_UNACKNOWLEDGED = 1000;

  /** The most a client may ask for. */
  public static final int MAX_UNACKNOWLEDGED_LIMIT = 10_000;

  private final StreamCatalog catalog;
  private final EventSource source;
  private final ClusterAdmin cluster;
  private final Clock clock;
  private final Set<OpenSubscription> open = ConcurrentHashMap.newKeySet();
  private volatile boolean accepting = true;

  /**
   * @param cluster tells which streams a group reads: a group reads one stream, so a subscription
   *     that names another stream's group is refused
   */
  public SubscribeService(
      StreamCatalog catalog, EventSource source, ClusterAdmin cluster, Clock clock) {
    this.catalog = catalog;
    this.source = source;
    this.cluster = cluster;
    this.clock = clock;
  }

  @Override
  public void subscribe(SubscribeCommand command, Flow.Subscriber<? super Delivery> subscriber) {
    if (!accepting) {
      throw rejected(
          RequestFailure.of(
              Kind.SHUTTING_DOWN, "the gateway is shutting down; subscribe on another instance"));
    }
    StreamDefinition stream = RequestChecks.declared(catalog, command.stream());
    FeedSpec spec = spec(command, stream);
    spec.group().ifPresent(group -> requireGroupOf(group, stream));
    OpenSubscription subscription = new OpenSubscription(subscriber);
    open.add(subscription);
    try {
      source.open(stream, spec, subscription); // hands the subscriber its subscription
    } catch (EventSourceException failed) {
      open.remove(subscription);
      throw rejected(PortFailures.failure(failed));
    }
    if (!accepting) {
      subscription.cancel(); // stopAccepting ran while the source opened it
    }
  }

  /** Refuses new subscriptions from now on, and ends the open ones (each commits its acks). */
  public void stopAccepting() {
    accepting = false;
    for (OpenSubscription subscription : open) {
      subscription.cancel();
    }
  }

  /** Subscriptions open now. */
  public int openSubscriptions() {
    return open.size();
  }

  /**
   * Refuses a group that reads another stream: Kafka would balance one stream's partitions among
   * members that read another, and the group's committed offsets would mix both.
   */
  private void requireGroupOf(String group, StreamDefinition stream) {
    Set<String> others;
    try {
      others = new TreeSet<>(cluster.streamsOf(group));
    } catch (ClusterAdminException failed) {
      throw rejected(PortFailures.failure(failed));
    }
    others.remove(stream.name());
    if (!others.isEmpty()) {
      throw rejected(
          new RequestFailure(
              Kind.FAILED_PRECONDITION,
              "group",
              "'"
                  + group
                  + "' belongs to stream '"
                  + String.join("', '", others)
                  + "'; a group reads one stream: name another group for '"
                  + stream.name()
                  + "'"));
    }
  }

  private FeedSpec spec(SubscribeCommand command, StreamDefinition stream) {
    Optional<String> group = command.group().filter(g -> !g.isEmpty());
    group.ifPresent(RequestChecks::checkGroup);
    StartPosition start = command.start();
    if (start == null) {
      start = group.isPresent() ? StartPosition.COMMITTED : StartPosition.LATEST;
    }
    if (group.isPresent()
        && (start instanceof StartPosition.AtOffsets || start instanceof StartPosition.AtTime)) {
      throw rejected(
          new RequestFailure(
              Kind.INVALID_ARGUMENT,
              "start_from",
              "cannot be an offset or a time with a group: a group starts from its committed"
                  + " offsets; to replay, reset the group (AdminService.ResetConsumerGroup)"));
    }
    if (group.isEmpty() && start instanceof StartPosition.Committed) {
      throw rejected(
          new RequestFailure(
              Kind.INVALID_ARGUMENT,
              "start_from",
              "cannot be COMMITTED without a group: only a group has committed offsets"));
    }
    if (start instanceof StartPosition.AtOffsets offsets) {
      RequestChecks.checkOffsets(offsets.offsets(), stream, "start_offsets");
    }
    if (start instanceof StartPosition.AtTime at && at.time().isAfter(clock.instant())) {
      throw rejected(
          new RequestFailure(
              Kind.OUT_OF_RANGE, "start_time", "is in the future (" + at.time() + ")"));
    }
    int window = command.maxUnacknowledged();
    if (window < 0 || window > MAX_UNACKNOWLEDGED_LIMIT) {
      throw rejected(
          new RequestFailure(
              Kind.INVALID_ARGUMENT,
              "max_unacknowledged",
              "is "
                  + window
                  + "; it must be between 1 and "
                  + MAX_UNACKNOWLEDGED_LIMIT
                  + ", or 0 for the default ("
                  + DEFAULT_MAX_UNACKNOWLEDGED
                  + ")"));
    }
    return new FeedSpec(
        group, start, command.autoAck(), window == 0 ? DEFAULT_MAX_UNACKNOWLEDGED : window);
  }

  /**
   * One subscription, between the source's and the client's: the source's subscriber and the
   * client's subscription. Deliveries and requests pass through unchanged.
   */
  private final class OpenSubscription implements Flow.Subscriber<Delivery>, DeliverySubscription {
    private final Flow.Subscriber<? super Delivery> subscriber;

    /** The source's subscription; null until the source handed it over. */
    private volatile DeliverySubscription feed;

    OpenSubscription(Flow.Subscriber<? super Delivery> subscriber) {
      this.subscriber = subscriber;
    }

    // ---- from the source, on the thread that opens it, then on the source's thread

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      feed = (DeliverySubscription) subscription;
      subscriber.onSubscribe(this);
    }

    @Override
    public void onNext(Delivery delivery) {
      subscriber.onNext(delivery);
    }

    @Override
    public void onError(Throwable failure) {
      open.remove(this);
      subscriber.onError(
          rejected(
              failure instanceof EventSourceException failed
                  ? PortFailures.failure(failed)
                  : RequestFailure.of(Kind.INTERNAL, "reading the stream failed: " + failure)));
    }

    @Override
    public void onComplete() {
      open.remove(this);
      subscriber.onComplete();
    }

    // ---- from the client, on any thread

    @Override
    public void request(long deliveries) {
      feed.request(deliveries);
    }

    @Override
    public void allowBytes(long bytes) {
      feed.allowBytes(bytes);
    }

    @Override
    public AckLedger.AckResult acknowledge(int partition, long offset) {
      AckLedger.AckResult result = feed.acknowledge(partition, offset);
      if (result == AckLedger.AckResult.NEVER_DELIVERED) {
        throw rejected(
            new RequestFailure(
                Kind.INVALID_ARGUMENT,
                "offset",
                "partition "
                    + partition
                    + " offset "
                    + offset
                    + " was never delivered on this subscription"));
      }
      return result;
    }

    @Override
    public void cancel() {
      DeliverySubscription current = feed;
      if (current != null) {
        current.cancel();
      }
    }
  }
}
