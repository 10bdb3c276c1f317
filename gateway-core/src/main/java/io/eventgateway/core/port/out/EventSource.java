package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import java.util.concurrent.Flow;

/** Where streams are read from: the driven side of subscribing. */
public interface EventSource {

  /**
   * Starts reading {@code stream} as {@code spec} says for {@code subscriber}, which it hands a
   * {@link DeliverySubscription} before returning; nothing is delivered before the subscriber's
   * first {@link DeliverySubscription#request request}. The stream is one the catalogue declares;
   * whether its topic exists on the cluster is the source's to find out.
   *
   * <p>Once open, the subscription ends with {@code onComplete} after it was cancelled, or with
   * {@code onError} and an {@link EventSourceException}: {@code UNAVAILABLE} when the log stopped
   * serving the read and may serve it again, {@code FAILED} otherwise (also when the subscriber
   * threw from {@code onNext}).
   *
   * @throws EventSourceException {@code OUT_OF_RANGE} for a start offset outside a partition's log,
   *     a time in the future, or a partition the stream does not have; {@code UNKNOWN_STREAM} when
   *     the stream's topic does not exist on the cluster; {@code UNAVAILABLE} when the log cannot
   *     be reached in time; {@code FAILED} otherwise. The subscriber is then not called at all.
   */
  void open(StreamDefinition stream, FeedSpec spec, Flow.Subscriber<? super Delivery> subscriber);
}
