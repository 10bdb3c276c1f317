package io.eventgateway.grpc.testing;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the request messages the server's handlers have taken, per method: a message counts once
 * the handler's {@code onNext} for it has returned. Shows what flow control lets through.
 */
public final class MessageCounter implements ServerInterceptor {
  private final String fullMethodName;
  private final AtomicInteger handled = new AtomicInteger();

  /** Counts the messages of {@code fullMethodName}, e.g. "eventgateway.v1.PublisherService/...". */
  public MessageCounter(String fullMethodName) {
    this.fullMethodName = fullMethodName;
  }

  public int handled() {
    return handled.get();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
    if (!call.getMethodDescriptor().getFullMethodName().equals(fullMethodName)) {
      return listener;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        super.onMessage(message);
        handled.incrementAndGet();
      }
    };
  }
}
