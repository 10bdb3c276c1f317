package io.eventgateway.grpc.admin;

import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.ListStreamsResponse;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetConsumerGroupResponse;
import io.eventgateway.api.v1.StreamDescription;
import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.ManageConsumerGroupsUseCase;
import io.eventgateway.core.port.in.ManageStreamsUseCase;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.grpc.status.FailureLog;
import io.eventgateway.grpc.status.RequestStatuses;
import io.eventgateway.grpc.tracking.RequestIds;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eventgateway.v1.AdminService}: streams ({@link ManageStreamsUseCase}) and consumer
 * groups ({@link ManageConsumerGroupsUseCase}). Every call is unary: the request is mapped ({@link
 * AdminMapper}), the use case called, and its answer or its {@link RequestRejectedException} sent
 * ({@link RequestStatuses}, fields named as in the request message).
 *
 * <p>Threading: the use cases block on the cluster's administration calls, on one of the server's
 * handler threads ({@linkplain io.eventgateway.grpc the package}), which each call holds until the
 * core answers or gives up (UNAVAILABLE). An answer for a client that cancelled meanwhile is
 * dropped. Thread-safe.
 */
public final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {
  private static final Logger LOGGER = LoggerFactory.getLogger(AdminGrpcService.class);

  private final FailureLog failures = new FailureLog(LOGGER);

  private final ManageStreamsUseCase streams;
  private final ManageConsumerGroupsUseCase groups;

  public AdminGrpcService(ManageStreamsUseCase streams, ManageConsumerGroupsUseCase groups) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.groups = Objects.requireNonNull(groups, "groups");
  }

  @Override
  public void listStreams(
      ListStreamsRequest request, StreamObserver<ListStreamsResponse> responseObserver) {
    answer(
        "ListStreams",
        "",
        responseObserver,
        () -> {
          ListStreamsResponse.Builder response = ListStreamsResponse.newBuilder();
          for (StreamDefinition definition : streams.listStreams()) {
            response.addStreams(AdminMapper.toProto(definition));
          }
          return response.build();
        });
  }

  @Override
  public void describeStream(
      DescribeStreamRequest request, StreamObserver<StreamDescription> responseObserver) {
    answer(
        "DescribeStream",
        request.getStream(),
        responseObserver,
        () -> AdminMapper.toProto(streams.describeStream(request.getStream())));
  }

  @Override
  public void createStream(
      CreateStreamRequest request, StreamObserver<StreamDescription> responseObserver) {
    answer(
        "CreateStream",
        request.getStream(),
        responseObserver,
        () -> AdminMapper.toProto(streams.createStream(AdminMapper.toCommand(request))));
  }

  @Override
  public void describeConsumerGroup(
      DescribeConsumerGroupRequest request,
      StreamObserver<ConsumerGroupDescription> responseObserver) {
    answer(
        "DescribeConsumerGroup",
        request.getStream(),
        responseObserver,
        () -> AdminMapper.toProto(groups.describeGroup(request.getGroup(), request.getStream())));
  }

  @Override
  public void resetConsumerGroup(
      ResetConsumerGroupRequest request,
      StreamObserver<ResetConsumerGroupResponse> responseObserver) {
    answer(
        "ResetConsumerGroup",
        request.getStream(),
        responseObserver,
        () -> {
          StartPosition target = AdminMapper.toResetTarget(request);
          List<PartitionLag> partitions =
              groups.resetGroup(request.getGroup(), request.getStream(), target);
          ResetConsumerGroupResponse.Builder response = ResetConsumerGroupResponse.newBuilder();
          for (PartitionLag lag : partitions) {
            response.addPartitions(AdminMapper.toProto(lag));
          }
          return response.build();
        });
  }

  /** Sends what {@code call} answers, or the status of its failure (which is logged). */
  private <T> void answer(
      String method, String stream, StreamObserver<T> responseObserver, Supplier<T> call) {
    if (responseObserver instanceof ServerCallStreamObserver<?> serverCall) {
      serverCall.setOnCancelHandler(() -> {}); // an answer after a cancel is dropped, not thrown
    }
    T response;
    try {
      response = call.get();
    } catch (RequestRejectedException rejected) {
      failures.requestFailed(method, stream, rejected.failure(), RequestIds.current());
      responseObserver.onError(RequestStatuses.toException(rejected.failure(), ""));
      return;
    } catch (RuntimeException unexpected) {
      LOGGER.error("{} failed unexpectedly", method, unexpected);
      responseObserver.onError(
          Status.INTERNAL
              .withDescription("unexpected failure in the gateway")
              .asRuntimeException());
      return;
    }
    responseObserver.onNext(response);
    responseObserver.onCompleted();
  }
}
