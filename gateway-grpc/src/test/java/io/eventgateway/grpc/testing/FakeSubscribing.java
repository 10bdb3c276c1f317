package io.eventgateway.grpc.testing;

import static org.awaitility.Awaitility.await;

import io.eventgateway.core.domain.AckLedger.AckResult;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.in.SubscribeUseCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * A {@link SubscribeUseCase} test double that keeps the port's promises: it hands the subscription
 * over before {@code subscribe} returns, delivers only what was requested, on a thread of its own
 * per subscription (never inside the client's calls), one at a time, and ends each subscription
 * once, last. The test decides what is delivered ({@link FakeSubscription#deliver}, {@link
 * FakeSubscription#supply}) and how it ends. Thread-safe.
 */
public final class FakeSubscribing implements SubscribeUseCase {
  private final List<SubscribeCommand> commands = new CopyOnWriteArrayList<>();
  private final List<FakeSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private volatile RequestFailure rejection;

  /** Refuses every subscribe from now on with {@code failure}. */
  public void rejectWith(RequestFailure failure) {
    this.rejection = failure;
  }

  @Override
  public void subscribe(SubscribeCommand command, Flow.Subscriber<? super Delivery> subscriber) {
    commands.add(command);
    RequestFailure failure = rejection;
    if (failure != null) {
      throw new RequestRejectedException(failure);
    }
    FakeSubscription subscription = new FakeSubscription(command, subscriber);
    subscriber.onSubscribe(subscription);
    subscriptions.add(subscription);
  }

  /** The commands the core was given, in order. */
  public List<SubscribeCommand> commands() {
    return List.copyOf(commands);
  }

  /** The only command, once it came. */
  public SubscribeCommand awaitCommand() {
    await().until(() -> !commands.isEmpty());
    return commands.get(0);
  }

  /** The {@code index}-th subscription opened, from 0, once it is open. */
  public FakeSubscription awaitSubscription(int index) {
    await().until(() -> subscriptions.size() > index);
    return subscriptions.get(index);
  }

  /** Stops the threads of every subscription. */
  public void close() {
    subscriptions.forEach(FakeSubscription::stopThread);
  }

  /** A delivery of a small event {@code e-n} on stream orders, partition n % 3. */
  public static Delivery delivery(int n) {
    return delivery(n, 64);
  }

  /** A delivery of an event {@code e-n} with {@code dataBytes} of data. */
  public static Delivery delivery(int n, int dataBytes) {
    Event event =
        new Event(
            "e-" + n,
            "/tests",
            "com.example.order.created",
            "order-" + n,
            Instant.parse("2026-01-02T03:04:05.123456789Z"),
            "application/octet-stream",
            Payload.copyOf(new byte[dataBytes]),
            Map.of("seq", String.valueOf(n)));
    return new Delivery(event, "orders", n % 3, n / 3, Instant.parse("2026-01-02T03:04:06Z"));
  }

  /** One subscription: what it was asked, what it delivered, how it ended. */
  public static final class FakeSubscription implements DeliverySubscription {
    private final SubscribeCommand command;
    private final Flow.Subscriber<? super Delivery> subscriber;
    private final ExecutorService coreThread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "fake-core");
              thread.setDaemon(true);
              return thread;
            });
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Long> allowedBytes = new CopyOnWriteArrayList<>();
    private final Set<String> deliveredPositions = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Delivery> pending = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private long requested;
    private long delivered;
    private long maxOutstanding;
    private int supplied;
    private boolean cancelled;
    private boolean ended;
    private int requestCalls;

    FakeSubscription(SubscribeCommand command, Flow.Subscriber<? super Delivery> subscriber) {
      this.command = command;
      this.subscriber = subscriber;
    }

    public SubscribeCommand command() {
      return command;
    }

    @Override
    public void request(long deliveries) {
      if (deliveries <= 0) {
        violations.add("request(" + deliveries + ")");
      }
      synchronized (lock) {
        requested += deliveries;
        requestCalls++;
        maxOutstanding = Math.max(maxOutstanding, requested - delivered);
      }
      pump();
    }

    /** Records the bound; this fake delivers by count alone. */
    @Override
    public void allowBytes(long bytes) {
      if (bytes <= 0) {
        violations.add("allowBytes(" + bytes + ")");
      }
      allowedBytes.add(bytes);
    }

    /** Every bound in bytes the call set, in order. */
    public List<Long> allowedBytes() {
      return List.copyOf(allowedBytes);
    }

    @Override
    public AckResult acknowledge(int partition, long offset) {
      if (!deliveredPositions.contains(partition + "/" + offset)) {
        throw new RequestRejectedException(
            new RequestFailure(
                RequestFailure.Kind.INVALID_ARGUMENT,
                "offset",
                "partition "
                    + partition
                    + " offset "
                    + offset
                    + " was never delivered on this subscription"));
      }
      acknowledged.add(partition + "/" + offset);
      return AckResult.ACKNOWLEDGED;
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        cancelled = true;
      }
      coreThread.execute(() -> end(Optional.empty()));
    }

    /** Delivers {@code delivery} once the subscription was asked for it, on the core's thread. */
    public void deliver(Delivery delivery) {
      pending.add(delivery);
      pump();
    }

    /**
     * Delivers {@code count} more generated deliveries ({@link FakeSubscribing#delivery(int, int)})
     * as they are asked for.
     */
    public void supply(int count, int dataBytes) {
      synchronized (lock) {
        for (int i = 0; i < count; i++) {
          pending.add(delivery(supplied + i, dataBytes));
        }
        supplied += count;
      }
      pump();
    }

    /** Hands out what was asked for and is there, on the core's thread. */
    private void pump() {
      coreThread.execute(
          () -> {
            while (true) {
              Delivery next;
              synchronized (lock) {
                if (ended || delivered >= requested || pending.isEmpty()) {
                  return;
                }
                next = pending.poll();
                delivered++;
              }
              deliveredPositions.add(next.partition() + "/" + next.offset());
              subscriber.onNext(next);
            }
          });
    }

    /** Ends the subscription with {@code failure}, on the core's thread. */
    public void fail(RequestFailure failure) {
      coreThread.execute(() -> end(Optional.of(failure)));
    }

    /** Ends the subscription without a failure though nobody cancelled it (a core shutdown). */
    public void endWithoutFailure() {
      coreThread.execute(() -> end(Optional.empty()));
    }

    private void end(Optional<RequestFailure> failure) {
      synchronized (lock) {
        if (ended) {
          return;
        }
        ended = true;
      }
      if (failure.isPresent()) {
        subscriber.onError(new RequestRejectedException(failure.get()));
      } else {
        subscriber.onComplete();
      }
    }

    public long requested() {
      synchronized (lock) {
        return requested;
      }
    }

    public long delivered() {
      synchronized (lock) {
        return delivered;
      }
    }

    /** The most deliveries ever asked for and not yet delivered. */
    public long maxOutstanding() {
      synchronized (lock) {
        return maxOutstanding;
      }
    }

    public int requestCalls() {
      synchronized (lock) {
        return requestCalls;
      }
    }

    public boolean cancelled() {
      synchronized (lock) {
        return cancelled;
      }
    }

    public boolean ended() {
      synchronized (lock) {
        return ended;
      }
    }

    /** "partition/offset" of each acknowledgement, in the order they came. */
    public List<String> acknowledged() {
      return new ArrayList<>(acknowledged);
    }

    /** Breaches of the port's contract by the adapter, e.g. asking for 0 deliveries. */
    public List<String> violations() {
      return List.copyOf(violations);
    }

    void stopThread() {
      coreThread.shutdownNow();
    }
  }
}
