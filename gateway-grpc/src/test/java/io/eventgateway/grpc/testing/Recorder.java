package io.eventgateway.grpc.testing;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a call's responses did: the values, then how it ended. Can read responses only when
 * told ({@link #manualReading()}), to play a client that does not read.
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
public final class Recorder<ReqT, RespT> implements ClientResponseObserver<ReqT, RespT> {
  private final List<RespT> values = new CopyOnWriteArrayList<>();
  private final List<String> signals = new CopyOnWriteArrayList<>();
  private final boolean manualReading;
  private volatile ClientCallStreamObserver<ReqT> call;
  private volatile Throwable error;
  private volatile boolean completed;

  private Recorder(boolean manualReading) {
    this.manualReading = manualReading;
  }

  /** Reads every response as it comes. */
  public static <ReqT, RespT> Recorder<ReqT, RespT> reading() {
    return new Recorder<>(false);
  }

  /** Reads no response until {@link #read(int)}. */
  public static <ReqT, RespT> Recorder<ReqT, RespT> manualReading() {
    return new Recorder<>(true);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    this.call = requestStream;
    if (manualReading) {
      requestStream.disableAutoRequestWithInitial(0);
    }
  }

  /** Reads {@code count} more responses. */
  public void read(int count) {
    call.request(count);
  }

  public void cancel() {
    call.cancel("the test cancels", null);
  }

  @Override
  public void onNext(RespT value) {
    values.add(value);
    signals.add("next");
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    signals.add("error");
  }

  @Override
  public void onCompleted() {
    completed = true;
    signals.add("completed");
  }

  public List<RespT> values() {
    return List.copyOf(values);
  }

  /** "next", "error" and "completed" in the order they came. */
  public List<String> signals() {
    return List.copyOf(signals);
  }

  public boolean completed() {
    return completed;
  }

  public boolean ended() {
    return completed || error != null;
  }

  public Throwable error() {
    return error;
  }

  /** The status the call ended with; OK when it completed, null while it runs. */
  public Status status() {
    if (completed) {
      return Status.OK;
    }
    return error == null ? null : Status.fromThrowable(error);
  }
}
