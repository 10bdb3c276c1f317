package io.eventgateway.core.port;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of bytes that the adapters share: what the gateway may hold of events in flight at once,
 * whichever call or subscription holds them. An adapter {@linkplain #tryReserve reserves} bytes
 * before it asks for more (flow control), {@linkplain #reserveAnyway counts} bytes that already
 * arrived, and {@linkplain #release releases} them when it lets go; while the budget is full it
 * stops reading and {@linkplain #whenRoom waits} for room.
 *
 * <p>Thread-safe and lock-free. Waiters run on the thread whose release made room, once each; they
 * must be short and must not block (typically: schedule a flush).
 */
public final class MemoryBudget {
  private final String setting;
  private final long capacity;
  private final AtomicLong used = new AtomicLong();
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

  /**
   * A budget of {@code capacity} bytes, named in errors by the configuration key that sets it.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public MemoryBudget(String setting, long capacity) {
    this.setting = Objects.requireNonNull(setting, "setting");
    if (capacity < 1) {
      throw new IllegalArgumentException(setting + " must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** The configuration key that sets the budget, for messages that name the limit. */
  public String setting() {
    return setting;
  }

  /** The budget, in bytes. */
  public long capacity() {
    return capacity;
  }

  /**
   * Bytes reserved now; above {@link #capacity()} by what was {@linkplain #reserveAnyway counted
   * anyway}.
   */
  public long used() {
    return used.get();
  }

  /** Whether nothing more fits. */
  public boolean full() {
    return used.get() >= capacity;
  }

  /** Reserves {@code bytes} if they fit in what is left; whether they did. */
  public boolean tryReserve(long bytes) {
    requireNotNegative(bytes);
    long now;
    do {
      now = used.get();
      if (now + bytes > capacity) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /** Counts {@code bytes} that the gateway holds already, even beyond the budget. */
  public void reserveAnyway(long bytes) {
    requireNotNegative(bytes);
    used.addAndGet(bytes);
  }

  /** Gives back {@code bytes} reserved before, and runs the waiters if that made room. */
  public void release(long bytes) {
    requireNotNegative(bytes);
    if (bytes == 0) {
      return;
    }
    if (used.addAndGet(-bytes) < capacity) {
      wakeWaiters();
    }
  }

  /**
   * Runs {@code waiter} once, on the first release after which {@code bytes} fit (or now, if they
   * fit now). Waiters are woken in the order they came; a waiter that finds no room again registers
   * again.
   */
  public void whenRoom(long bytes, Runnable waiter) {
    requireNotNegative(bytes);
    waiters.add(new Waiter(bytes, Objects.requireNonNull(waiter, "waiter")));
    if (fits(bytes)) {
      wakeWaiters();
    }
  }

  private boolean fits(long bytes) {
    return used.get() + bytes <= capacity;
  }

  private void wakeWaiters() {
    Waiter head;
    while ((head = waiters.peek()) != null && fits(head.bytes())) {
      if (waiters.remove(head)) {
        head.waiter().run();
      }
    }
  }

  private record Waiter(long bytes, Runnable waiter) {}

  private static void requireNotNegative(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
    }
  }

  @Override
  public String toString() {
    return setting + ": " + used.get() + " of " + capacity + " bytes";
  }
}
