package io.eventgateway.faults;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault suite's client: publishes to one stream over {@code PublishStream} with client-chosen
 * event ids, many subjects and a sequence number per subject, and records every event in a {@link
 * Ledger} as acknowledged, definitely failed or of unknown outcome.
 *
 * <p>Each of its calls owns a fixed share of the subjects, so the events of a subject are sent in
 * order on one call. When a call breaks (the gateway was killed or stopped), the events it had in
 * flight have an unknown outcome; the client opens a new call, on a channel that reconnects by
 * itself, and sends those events again first, with the same ids. A definite failure is final: it is
 * never sent again.
 *
 * <p>Event ids are {@code <subject>-<sequence>}; the data carries the subject and sequence as
 * {@code subject/sequence}, so a reader can check order without the ledger.
 */
public final class LedgerClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final String stream;
  private final Ledger ledger;
  private final int ratePerSecond;
  private final List<Lane> lanes = new ArrayList<>();
  private final AtomicLong callsOpened = new AtomicLong();
  private final AtomicLong lastAcknowledgement = new AtomicLong(System.nanoTime());
  private final AtomicLong longestGap = new AtomicLong();
  private final AtomicLong duplicateAnswers = new AtomicLong();
  private volatile boolean sending = true;

  /**
   * @param subjects how many subjects, spread over {@code calls} calls
   * @param inFlightPerCall events sent and not answered, per call
   * @param ratePerSecond events per second over all calls (paced), so the brokers keep some CPU
   */
  public LedgerClient(
      ManagedChannel channel,
      String stream,
      Ledger ledger,
      int subjects,
      int calls,
      int inFlightPerCall,
      int ratePerSecond) {
    this.channel = channel;
    this.stream = stream;
    this.ledger = ledger;
    this.ratePerSecond = ratePerSecond;
    for (int c = 0; c < calls; c++) {
      List<String> owned = new ArrayList<>();
      for (int s = c; s < subjects; s += calls) {
        owned.add(stream + "-s" + s);
      }
      lanes.add(new Lane(c, owned, inFlightPerCall));
    }
  }

  /** Starts a thread per call. */
  public LedgerClient start() {
    lastAcknowledgement.set(System.nanoTime());
    for (Lane lane : lanes) {
      Thread thread = new Thread(lane::run, "ledger-client-" + stream + "-" + lane.index);
      thread.setDaemon(true);
      lane.thread = thread;
      thread.start();
    }
    return this;
  }

  /**
   * The longest time between two acknowledgements since {@link #start}: how long publishing was
   * interrupted at worst.
   */
  public Duration longestAcknowledgementGap() {
    return Duration.ofNanos(longestGap.get());
  }

  /**
   * Acknowledgements marked {@code duplicate}: a resend of an event the gateway had already
   * written, answered with the first write's position instead of being written again.
   */
  public long duplicateAnswers() {
    return duplicateAnswers.get();
  }

  /** Calls opened so far, reconnections included. */
  public long callsOpened() {
    return callsOpened.get();
  }

  /**
   * Stops sending new events, lets each call finish its events in flight (resending unknown ones
   * once more on a new call when the current one broke), and waits at most {@code timeout}.
   */
  public void stop(Duration timeout) throws InterruptedException {
    // a stretch without acknowledgements that lasts until the end counts too
    longestGap.accumulateAndGet(System.nanoTime() - lastAcknowledgement.get(), Math::max);
    sending = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Lane lane : lanes) {
      lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
  }

  /** {@link System#nanoTime()} of the latest acknowledgement (of the start before the first). */
  public long lastAcknowledgementNanos() {
    return lastAcknowledgement.get();
  }

  @Override
  public void close() {
    sending = false;
    lanes.forEach(lane -> lane.thread.interrupt());
  }

  /** How the gateway answered: the ledger learns it. */
  private void record(String id, PublishResult result) {
    com.google.rpc.Status status = result.getStatus();
    if (status.getCode() == Status.Code.OK.value()) {
      if (result.getDuplicate()) {
        duplicateAnswers.incrementAndGet();
      }
      ledger.acknowledged(id, result.getPartition(), result.getOffset());
      long now = System.nanoTime();
      long gap = now - lastAcknowledgement.getAndSet(now);
      longestGap.accumulateAndGet(gap, Math::max);
      return;
    }
    String written = "no";
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          written = detail.unpack(ErrorInfo.class).getMetadataOrDefault("written", "no");
        } catch (com.google.protobuf.InvalidProtocolBufferException malformed) {
          written = "unknown";
        }
      }
    }
    if ("unknown".equals(written)) {
      ledger.unknown(id);
    } else {
      ledger.failed(id);
    }
  }

  /** One call's share of the subjects, and its retries. */
  private final class Lane {
    final int index;
    final List<String> subjects;
    final int inFlight;
    final long[] nextSequence;
    final Deque<PublishRequest> retries = new ArrayDeque<>();
    Thread thread;
    int nextSubject;

    Lane(int index, List<String> subjects, int inFlight) {
      this.index = index;
      this.subjects = subjects;
      this.inFlight = inFlight;
      this.nextSequence = new long[subjects.size()];
    }

    void run() {
      long pauseNanos =
          ratePerSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * lanes.size() / ratePerSecond;
      while (!Thread.currentThread().isInterrupted()) {
        boolean finishing = !sending;
        if (finishing && retries.isEmpty()) {
          return;
        }
        try {
          runOneCall(pauseNanos, finishing);
        } catch (InterruptedException interrupted) {
          return;
        }
        if (finishing) {
          return;
        }
      }
    }

    /** One PublishStream call until it breaks or the client stops. */
    void runOneCall(long pauseNanos, boolean onlyRetries) throws InterruptedException {
      Semaphore window = new Semaphore(inFlight);
      Deque<PublishRequest> unanswered = new ArrayDeque<>();
      Object lock = new Object();
      Status[] ended = new Status[1];
      callsOpened.incrementAndGet();
      AtomicReference<ClientCallStreamObserver<PublishRequest>> requests = new AtomicReference<>();
      // wait for the channel to (re)connect rather than fail at once while the gateway is away
      PublisherServiceGrpc.newStub(channel)
          .withWaitForReady()
          .publishStream(
              new ClientResponseObserver<PublishRequest, PublishResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<PublishRequest> stream) {
                  requests.set(stream);
                }

                @Override
                public void onNext(PublishResponse response) {
                  PublishRequest answered;
                  synchronized (lock) {
                    answered = unanswered.pollFirst();
                  }
                  if (answered != null) {
                    record(answered.getEvent().getId(), response.getResult());
                  }
                  window.release();
                }

                @Override
                public void onError(Throwable t) {
                  end(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                  end(Status.OK);
                }

                private void end(Status status) {
                  synchronized (lock) {
                    ended[0] = status;
                    lock.notifyAll();
                  }
                  window.release(inFlight);
                }
              });
      long next = System.nanoTime();
      while (true) {
        synchronized (lock) {
          if (ended[0] != null) {
            break;
          }
        }
        if (retries.isEmpty() && (onlyRetries || !sending)) {
          break;
        }
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        PublishRequest request;
        synchronized (lock) {
          if (ended[0] != null) {
            break;
          }
          // a retry keeps its place until it is on the wire: first in line, before new events
          request = retries.isEmpty() ? nextEvent() : retries.pollFirst();
          unanswered.addLast(request);
        }
        ledger.sent(request.getEvent().getId(), subjectOf(request), sequenceOf(request));
        requests.get().onNext(request);
        if (pauseNanos > 0) {
          next += pauseNanos;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
      }
      synchronized (lock) {
        if (ended[0] == null) {
          requests.get().onCompleted();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ended[0] == null && System.nanoTime() < deadline) {
          lock.wait(100);
        }
        if (ended[0] == null) {
          requests.get().cancel("the call did not end in time", null);
        }
        // whatever got no answer has an unknown outcome: send it again, same id, first
        List<PublishRequest> lost = new ArrayList<>(unanswered);
        unanswered.clear();
        for (int i = lost.size() - 1; i >= 0; i--) {
          PublishRequest request = lost.get(i);
          ledger.unknown(request.getEvent().getId());
          retries.addFirst(request);
        }
      }
      if (ended[0] == null || !ended[0].isOk()) {
        // the gateway went away: try to reconnect now, not after gRPC's growing back-off
        channel.resetConnectBackoff();
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }

    PublishRequest nextEvent() {
      int s = nextSubject;
      nextSubject = (nextSubject + 1) % subjects.size();
      String subject = subjects.get(s);
      long sequence = nextSequence[s]++;
      return PublishRequest.newBuilder()
          .setStream(stream)
          .setEvent(
              Event.newBuilder()
                  .setId(subject + "-" + sequence)
                  .setSource("/faults")
                  .setType("io.eventgateway.faults.tested")
                  .setSubject(subject)
                  .setData(ByteString.copyFrom(subject + "/" + sequence, StandardCharsets.UTF_8)))
          .build();
    }
  }

  static String subjectOf(PublishRequest request) {
    return request.getEvent().getSubject();
  }

  static long sequenceOf(PublishRequest request) {
    String id = request.getEvent().getId();
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }
}
