package io.eventgateway.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for child processes to listen on. A port is free when it is handed out and may be taken by
 * someone else before the child binds it; on a test machine that is rare enough.
 */
public final class FreePorts {
  private FreePorts() {}

  /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
  public static int[] onLoopback(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be 1 or more, was " + count);
    }
    // all sockets open at once, so that no port is handed out twice
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 50, loopback);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException failed) {
      throw new UncheckedIOException("cannot find free ports on 127.0.0.1", failed);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a listening socket opened a moment ago
        }
      }
    }
  }

  /** One port that was free on 127.0.0.1 a moment ago. */
  public static int onLoopback() {
    return onLoopback(1)[0];
  }
}
