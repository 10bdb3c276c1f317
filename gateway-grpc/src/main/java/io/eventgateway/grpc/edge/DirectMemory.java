package io.eventgateway.grpc.edge;

import io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The direct (off-heap) memory the gRPC transport's Netty uses, and its maximum. Netty allocates
 * either through the JDK ({@code ByteBuffer.allocateDirect}, counted in the JVM's {@code direct}
 * buffer pool, whose limit is what "Cannot reserve ... bytes of direct buffer memory" reports; the
 * default here, as the JDK does not open its internals to Netty) or, when allowed, without the
 * JDK's cleaner (counted by Netty itself, then added). Netty's own counter also counts what goes
 * through the JDK, so it is not added then. The maximum is Netty's, which is {@code
 * -XX:MaxDirectMemorySize} or else the JVM's maximum heap.
 *
 * <p>{@code PlatformDependent} is in the shaded Netty's {@code internal} package: Netty offers its
 * counter and its maximum nowhere else. Thread-safe.
 */
public final class DirectMemory {
  private static final BufferPoolMXBean JDK_DIRECT =
      ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
          .filter(pool -> pool.getName().equals("direct"))
          .findFirst()
          .orElse(null);

  private DirectMemory() {}

  /** Bytes of direct memory in use now. */
  public static long used() {
    long jdk = JDK_DIRECT == null ? 0 : JDK_DIRECT.getMemoryUsed();
    if (PlatformDependent.useDirectBufferNoCleaner()) {
      return Math.max(PlatformDependent.usedDirectMemory(), 0) + jdk;
    }
    return jdk;
  }

  /** The most direct memory Netty will allocate. */
  public static long max() {
    return PlatformDependent.maxDirectMemory();
  }
}
