package io.eventgateway.grpc.testing;

import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.CreateStreamCommand;
import io.eventgateway.core.port.in.GroupDescription;
import io.eventgateway.core.port.in.ManageConsumerGroupsUseCase;
import io.eventgateway.core.port.in.ManageStreamsUseCase;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.StreamDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test double of the administration use cases: answers what the test set, records what it was
 * asked (the method's name and its arguments), or fails every call as the test says. Thread-safe.
 */
public final class FakeAdmin implements ManageStreamsUseCase, ManageConsumerGroupsUseCase {
  private final List<List<Object>> calls = new ArrayList<>();
  private List<StreamDefinition> streams = List.of();
  private StreamDescription description;
  private GroupDescription group;
  private List<PartitionLag> afterReset = List.of();
  private RuntimeException failure;
  private String lastThread;

  public synchronized FakeAdmin streams(List<StreamDefinition> definitions) {
    this.streams = definitions;
    return this;
  }

  /** What describeStream and createStream answer. */
  public synchronized FakeAdmin description(StreamDescription answer) {
    this.description = answer;
    return this;
  }

  public synchronized FakeAdmin group(GroupDescription answer) {
    this.group = answer;
    return this;
  }

  public synchronized FakeAdmin afterReset(List<PartitionLag> answer) {
    this.afterReset = answer;
    return this;
  }

  /** Refuses every call from now on with {@code rejection}. */
  public synchronized FakeAdmin rejectWith(RequestFailure rejection) {
    return failWith(new RequestRejectedException(rejection));
  }

  /** Fails every call from now on with {@code exception}. */
  public synchronized FakeAdmin failWith(RuntimeException exception) {
    this.failure = exception;
    return this;
  }

  /** The calls made, each the method's name and its arguments. */
  public synchronized List<List<Object>> calls() {
    return List.copyOf(calls);
  }

  /** The last call: the method's name and its arguments. */
  public synchronized List<Object> lastCall() {
    if (calls.isEmpty()) {
      throw new AssertionError("no call was made");
    }
    return calls.get(calls.size() - 1);
  }

  @Override
  public synchronized List<StreamDefinition> listStreams() {
    record("listStreams");
    return streams;
  }

  @Override
  public synchronized StreamDescription describeStream(String stream) {
    record("describeStream", stream);
    return description;
  }

  @Override
  public synchronized StreamDescription createStream(CreateStreamCommand command) {
    record("createStream", command);
    return description;
  }

  @Override
  public synchronized GroupDescription describeGroup(String groupName, String stream) {
    record("describeGroup", groupName, stream);
    return group;
  }

  @Override
  public synchronized List<PartitionLag> resetGroup(
      String groupName, String stream, StartPosition target) {
    record("resetGroup", groupName, stream, target);
    return afterReset;
  }

  /** The name of the thread that made the last call. */
  public synchronized String lastThread() {
    return lastThread;
  }

  private void record(Object... call) {
    calls.add(Arrays.asList(call));
    lastThread = Thread.currentThread().getName();
    if (failure != null) {
      throw failure;
    }
  }
}
