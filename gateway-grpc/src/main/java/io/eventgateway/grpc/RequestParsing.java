package io.eventgateway.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.eventgateway.grpc.status.RequestStatuses;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives a request that cannot be parsed a status that says so. gRPC-Java parses each request
 * message before the service sees it and ends the call with {@code UNKNOWN} "Application error
 * processing RPC" when that fails: bytes that are not the method's message, a string field that is
 * not UTF-8, a compressed message that inflates past the inbound limit. With {@link #guard} the
 * service's methods take the undecoded message and parse it themselves, so such a call ends with
 * {@code INVALID_ARGUMENT} naming the expected message and protobuf's reason, or with {@code
 * RESOURCE_EXHAUSTED} when the message is larger than the limit once decompressed.
 *
 * <p>A string field that is not valid UTF-8 (a lone 0xFF, or an unpaired surrogate encoded as
 * CESU-8) makes protobuf refuse the whole message. The status then names that field by its path
 * ({@code event.source}, {@code events[3].subject}, {@code event.attributes.tenant}; {@link
 * InvalidUtf8Locator}) and carries it in a {@code google.rpc.BadRequest} detail. Nothing of such a
 * message can be read, so a {@code PublishBatch} fails as a whole: no event of it is written, and
 * the status names the index of the event at fault. To find the field, the parse marks the
 * transport's stream and, only when it fails, reads it again; a stream that cannot be marked (a
 * compressed message) gets protobuf's reason without the path.
 *
 * <p>The parse is the same one gRPC would run (the method's own marshaller, on the transport's
 * stream), on the same thread; only where its failure goes changes.
 */
public final class RequestParsing {

  private static final MethodDescriptor.Marshaller<InputStream> UNPARSED =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return stream;
        }
      };

  private RequestParsing() {}

  /** {@code service}, with every method parsing its requests as described above. */
  public static ServerServiceDefinition guard(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<InputStream, ?> guarded = guard(method);
      descriptor.addMethod(guarded.getMethodDescriptor());
      methods.add(guarded);
    }
    ServerServiceDefinition.Builder guardedService =
        ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(guardedService::addMethod);
    return guardedService.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> guard(
      ServerMethodDefinition<ReqT, RespT> definition) {
    MethodDescriptor<ReqT, RespT> method = definition.getMethodDescriptor();
    MethodDescriptor<InputStream, RespT> unparsed =
        method.toBuilder(UNPARSED, method.getResponseMarshaller()).build();
    ServerCallHandler<InputStream, RespT> handler =
        (call, headers) -> start(call, headers, method, definition.getServerCallHandler());
    return ServerMethodDefinition.create(unparsed, handler);
  }

  private static <ReqT, RespT> ServerCall.Listener<InputStream> start(
      ServerCall<InputStream, RespT> call,
      Metadata headers,
      MethodDescriptor<ReqT, RespT> method,
      ServerCallHandler<ReqT, RespT> handler) {
    TypedCall<ReqT, RespT> typed = new TypedCall<>(call, method);
    ServerCall.Listener<ReqT> listener = handler.startCall(typed, headers);
    return new ServerCall.Listener<>() {
      @Override
      public void onMessage(InputStream message) {
        if (typed.endedUnparsed) {
          return;
        }
        ReqT request;
        boolean marked = message.markSupported();
        if (marked) {
          // the transport's buffers, already whole; the mark only lets a failed parse read again
          message.mark(Integer.MAX_VALUE);
        }
        try {
          request = method.parseRequest(message);
        } catch (RuntimeException unparseable) {
          typed.endUnparsed(failureOf(unparseable, method, marked ? message : null));
          // the service learns that its call is over as it would from a client's cancel: it
          // stops, and whatever it sends from now on is dropped
          listener.onCancel();
          return;
        }
        listener.onMessage(request);
      }

      @Override
      public void onHalfClose() {
        if (!typed.endedUnparsed) {
          listener.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        if (!typed.endedUnparsed) {
          listener.onCancel();
        }
      }

      @Override
      public void onComplete() {
        if (!typed.endedUnparsed) {
          listener.onComplete();
        }
      }

      @Override
      public void onReady() {
        if (!typed.endedUnparsed) {
          listener.onReady();
        }
      }
    };
  }

  /**
   * The status (and trailers) that end a call whose request could not be parsed; {@code reread} is
   * the request's stream, reset to its mark, when it can be read again to find the field at fault.
   */
  static StatusRuntimeException failureOf(
      RuntimeException unparseable, MethodDescriptor<?, ?> method, InputStream reread) {
    if (reread != null && unparseable.getCause() instanceof InvalidProtocolBufferException) {
      Optional<InvalidUtf8Locator.Fault> fault = locate(method, reread);
      if (fault.isPresent()) {
        String protoName = protoName(method, expectedMessage(method));
        return RequestStatuses.invalidArgument(
            fault.get().path(),
            fault.get().description()
                + "; protobuf refuses the whole "
                + protoName
                + " message with it, so nothing in this message was read or written");
      }
    }
    return statusOf(unparseable, method).asRuntimeException();
  }

  /** The string field at fault in the request {@code stream} holds, reset to its mark. */
  private static Optional<InvalidUtf8Locator.Fault> locate(
      MethodDescriptor<?, ?> method, InputStream stream) {
    if (!(method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> typed)
        || !(typed.getMessagePrototype() instanceof Message prototype)) {
      return Optional.empty();
    }
    try {
      stream.reset();
      return InvalidUtf8Locator.locate(
          ByteString.readFrom(stream), prototype.getDescriptorForType());
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  private static String expectedMessage(MethodDescriptor<?, ?> method) {
    return method.getRequestMarshaller() instanceof MethodDescriptor.ReflectableMarshaller<?> typed
        ? typed.getMessageClass().getSimpleName()
        : "request";
  }

  /** The status that ends a call whose request could not be parsed. */
  private static Status statusOf(RuntimeException unparseable, MethodDescriptor<?, ?> method) {
    if (unparseable instanceof StatusRuntimeException status
        && status.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      // the deframer's limit on the decompressed message
      return status.getStatus();
    }
    Throwable cause = unparseable.getCause() != null ? unparseable.getCause() : unparseable;
    String protoName = protoName(method, expectedMessage(method));
    return Status.INVALID_ARGUMENT
        .withDescription(
            "the request message is not a valid "
                + protoName
                + ": "
                + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getMessage()))
        .withCause(unparseable);
  }

  /** "eventgateway.v1.PublishRequest" for a method of package eventgateway.v1. */
  private static String protoName(MethodDescriptor<?, ?> method, String messageName) {
    String service = method.getServiceName();
    int lastDot = service == null ? -1 : service.lastIndexOf('.');
    return lastDot < 0 ? messageName : service.substring(0, lastDot + 1) + messageName;
  }

  /**
   * The call as the service's own handler expects it: the same call, with the method's descriptor
   * as the service declared it. Every other method forwards unchanged.
   */
  private static final class TypedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
    private final ServerCall<InputStream, RespT> call;
    private final MethodDescriptor<ReqT, RespT> method;

    /** Set once a request could not be parsed and the call was closed for it. */
    private volatile boolean endedUnparsed;

    TypedCall(ServerCall<InputStream, RespT> call, MethodDescriptor<ReqT, RespT> method) {
      this.call = call;
      this.method = method;
    }

    /**
     * Closes the call with {@code status}. The service's own calls may race with it from other
     * threads, so both go through {@link #closeOnce}.
     */
    void endUnparsed(StatusRuntimeException failure) {
      endedUnparsed = true;
      Metadata trailers = failure.getTrailers();
      closeOnce(failure.getStatus(), trailers == null ? new Metadata() : trailers);
    }

    private boolean closed;

    private synchronized void closeOnce(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        call.close(status, trailers);
      }
    }

    @Override
    public void request(int numMessages) {
      call.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      call.sendHeaders(headers);
    }

    @Override
    public void sendMessage(RespT message) {
      synchronized (this) {
        if (closed) {
          return;
        }
        call.sendMessage(message);
      }
    }

    @Override
    public boolean isReady() {
      return !endedUnparsed && call.isReady();
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closeOnce(status, trailers);
    }

    @Override
    public boolean isCancelled() {
      return endedUnparsed || call.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      call.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      call.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
      call.setOnReadyThreshold(numBytes);
    }

    @Override
    public io.grpc.SecurityLevel getSecurityLevel() {
      return call.getSecurityLevel();
    }

    @Override
    public io.grpc.Attributes getAttributes() {
      return call.getAttributes();
    }

    @Override
    public String getAuthority() {
      return call.getAuthority();
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return method;
    }
  }
}
