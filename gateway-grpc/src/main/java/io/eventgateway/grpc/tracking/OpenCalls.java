package io.eventgateway.grpc.tracking;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open calls of a streaming RPC that never ends by itself, so that a drain can end them: every
 * call open when {@link #shutdownAll()} runs, and every call opened after it, is shut down. The
 * publisher's {@code PublishStream} and the subscriber's {@code Subscribe} share it. Thread-safe.
 *
 * @param <C> the call type
 */
public final class OpenCalls<C> {
  private final Set<C> calls = ConcurrentHashMap.newKeySet();
  private final Consumer<C> shutdown;
  private volatile boolean shuttingDown;

  /**
   * @param shutdown how one call is told to end
   */
  public OpenCalls(Consumer<C> shutdown) {
    this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
  }

  /**
   * Tracks {@code call}, then runs {@code start}; shuts the call down at once when a drain began.
   * The call must {@linkplain #closed(Object) report} its end, which may come during {@code start}.
   */
  public void open(C call, Runnable start) {
    calls.add(call);
    start.run();
    if (shuttingDown) {
      shutdown.accept(call);
    }
  }

  /** Forgets a call that ended. */
  public void closed(C call) {
    calls.remove(call);
  }

  /** Shuts down every open call and every one opened from now on. Returns at once. */
  public void shutdownAll() {
    shuttingDown = true;
    for (C call : calls) {
      shutdown.accept(call);
    }
  }

  /** The calls open now. */
  public int size() {
    return calls.size();
  }
}
