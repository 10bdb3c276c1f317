package io.eventgateway.testkit.http2;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * HTTP/2 written by hand, for what no gRPC client sends: forbidden headers, messages that start and
 * never end. The static methods build frames (HPACK literals without indexing or Huffman coding); a
 * {@link Connection} sends them on a socket, honours the gateway's flow-control windows, answers
 * its SETTINGS, and decodes its HEADERS (with Netty's HPACK decoder) to tell how each stream ended.
 */
public final class RawHttp2 {
  public static final int DATA = 0x0;
  public static final int HEADERS = 0x1;
  public static final int RST_STREAM = 0x3;
  public static final int SETTINGS = 0x4;
  public static final int GOAWAY = 0x7;
  public static final int WINDOW_UPDATE = 0x8;
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private RawHttp2() {}

  /** The client preface and an empty SETTINGS frame. */
  public static byte[] preface() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(PREFACE);
    bytes.writeBytes(frame(SETTINGS, 0, 0, new byte[0]));
    return bytes.toByteArray();
  }

  /**
   * A HEADERS frame (END_HEADERS, and END_STREAM when {@code endStream}) opening a call of {@code
   * path}, with more headers as name, value pairs.
   */
  public static byte[] headers(int stream, String path, boolean endStream, String... extra) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(0x83); // :method POST
    block.write(0x86); // :scheme http
    literal(block, 4, null, path); // :path
    literal(block, 1, null, "127.0.0.1"); // :authority
    literal(block, 31, null, "application/grpc"); // content-type
    literal(block, 0, "te", "trailers");
    for (int i = 0; i < extra.length; i += 2) {
      literal(block, 0, extra[i], extra[i + 1]);
    }
    return frame(HEADERS, endStream ? 0x5 : 0x4, stream, block.toByteArray());
  }

  /** The 5-byte gRPC prefix of an uncompressed message of {@code length} bytes. */
  public static byte[] messagePrefix(int length) {
    return new byte[] {
      0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
    };
  }

  public static byte[] frame(int type, int flags, int stream, byte[] payload) {
    byte[] frame = new byte[9 + payload.length];
    frame[0] = (byte) (payload.length >> 16);
    frame[1] = (byte) (payload.length >> 8);
    frame[2] = (byte) payload.length;
    frame[3] = (byte) type;
    frame[4] = (byte) flags;
    frame[5] = (byte) (stream >> 24);
    frame[6] = (byte) (stream >> 16);
    frame[7] = (byte) (stream >> 8);
    frame[8] = (byte) stream;
    System.arraycopy(payload, 0, frame, 9, payload.length);
    return frame;
  }

  /** A literal header field without indexing; the name by static table index unless 0. */
  private static void literal(ByteArrayOutputStream block, int index, String name, String value) {
    if (index == 0) {
      block.write(0);
      string(block, name);
    } else {
      integer(block, 0, 4, index);
    }
    string(block, value);
  }

  private static void string(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    integer(block, 0, 7, bytes.length); // no Huffman coding
    block.writeBytes(bytes);
  }

  /** HPACK's integer with an {@code prefixBits}-bit prefix (RFC 7541 5.1). */
  private static void integer(ByteArrayOutputStream block, int flags, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      block.write(flags | value);
      return;
    }
    block.write(flags | max);
    value -= max;
    while (value >= 128) {
      block.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    block.write(value);
  }

  /**
   * Connects, sends {@code bytes}, and reads the gateway's frames until it resets a stream, goes
   * away or closes the connection, or 200 ms pass without it doing so.
   */
  public static void sendAndAwaitAnswer(int port, byte[] bytes) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(200);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      try {
        while (true) {
          byte[] header = in.readNBytes(9);
          if (header.length < 9) {
            return; // closed
          }
          int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
          int type = header[3] & 0xff;
          in.skipNBytes(length);
          if (type == RST_STREAM || type == GOAWAY) {
            return;
          }
        }
      } catch (SocketTimeoutException | EOFException quiet) {
        // nothing more in time, or closed in the middle of what was not a frame: enough
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How the gateway ended a stream: its trailers' gRPC status, or a reset without them. */
  public record Ending(Optional<Integer> grpcStatus, String grpcMessage, boolean reset) {}

  /**
   * One HTTP/2 connection to the gateway, its frames read on a thread of its own. Sending is
   * thread-safe; DATA waits for room in the gateway's windows (stream and connection).
   */
  public static final class Connection implements AutoCloseable {
    private static final int INITIAL_WINDOW = 65_535;

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Integer, Long> streamWindows = new ConcurrentHashMap<>();
    private final Map<Integer, Ending> endings = new ConcurrentHashMap<>();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    private long connectionWindow = INITIAL_WINDOW;
    private long initialStreamWindow = INITIAL_WINDOW;
    private volatile boolean closed;
    private volatile boolean goAway;
    private volatile boolean heardFromGateway;

    public Connection(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      reader = new Thread(this::read, "raw-http2-reader");
      reader.setDaemon(true);
      reader.start();
      send(preface());
    }

    /**
     * Whether the gateway sent any frame on this connection: one it refused on accept was closed
     * before a byte of HTTP/2.
     */
    public boolean heardFromGateway() {
      return heardFromGateway;
    }

    /** Whether the gateway closed the connection (or sent GOAWAY). */
    public boolean closedByGateway() {
      return closed || goAway;
    }

    public void send(byte[] bytes) throws IOException {
      synchronized (out) {
        out.write(bytes);
        out.flush();
      }
    }

    /** Opens a call of {@code path} on {@code stream} (odd, increasing). */
    public void open(int stream, String path, String... extra) throws IOException {
      lock.lock();
      try {
        streamWindows.put(stream, initialStreamWindow);
      } finally {
        lock.unlock();
      }
      send(headers(stream, path, false, extra));
    }

    /**
     * Sends {@code bytes} as DATA on {@code stream}, in frames of at most 16 KiB, each once the
     * windows allow it.
     *
     * @return false, having sent only part, when the stream ended or the connection closed
     */
    public boolean data(int stream, byte[] bytes, Duration timeout)
        throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      int offset = 0;
      while (offset < bytes.length) {
        int chunk = Math.min(16_384, bytes.length - offset);
        lock.lock();
        try {
          while (!endings.containsKey(stream)
              && !closedByGateway()
              && (connectionWindow < chunk || streamWindows.getOrDefault(stream, 0L) < chunk)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new AssertionError("no flow-control window on stream " + stream);
            }
            changed.awaitNanos(left);
          }
          if (endings.containsKey(stream) || closedByGateway()) {
            return false;
          }
          connectionWindow -= chunk;
          streamWindows.merge(stream, (long) -chunk, Long::sum);
        } finally {
          lock.unlock();
        }
        byte[] payload = new byte[chunk];
        System.arraycopy(bytes, offset, payload, 0, chunk);
        send(frame(DATA, 0, stream, payload));
        offset += chunk;
      }
      return true;
    }

    /** How {@code stream} ended, once it has; empty while it is open. */
    public Optional<Ending> ending(int stream) {
      return Optional.ofNullable(endings.get(stream));
    }

    /** Waits until {@code stream} has ended. */
    public Ending awaitEnding(int stream, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      lock.lock();
      try {
        while (!endings.containsKey(stream)) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || closedByGateway()) {
            throw new AssertionError(
                "stream "
                    + stream
                    + " not ended"
                    + (closedByGateway() ? "; connection closed" : ""));
          }
          changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        }
        return endings.get(stream);
      } finally {
        lock.unlock();
      }
    }

    private void read() {
      try {
        InputStream in = socket.getInputStream();
        while (true) {
          byte[] header = in.readNBytes(9);
          if (header.length < 9) {
            return;
          }
          int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
          int type = header[3] & 0xff;
          int flags = header[4] & 0xff;
          int stream =
              ((header[5] & 0x7f) << 24)
                  | ((header[6] & 0xff) << 16)
                  | ((header[7] & 0xff) << 8)
                  | (header[8] & 0xff);
          byte[] payload = in.readNBytes(length);
          heardFromGateway = true;
          onFrame(type, flags, stream, payload);
        }
      } catch (IOException | Http2Exception ended) {
        // the connection is over
      } finally {
        closed = true;
        signal();
      }
    }

    private void onFrame(int type, int flags, int stream, byte[] payload)
        throws IOException, Http2Exception {
      switch (type) {
        case SETTINGS -> {
          if ((flags & 0x1) == 0) {
            for (int i = 0; i + 6 <= payload.length; i += 6) {
              int id = (payload[i] & 0xff) << 8 | (payload[i + 1] & 0xff);
              long value = readInt(payload, i + 2) & 0xffffffffL;
              if (id == 0x4) {
                lock.lock();
                try {
                  long delta = value - initialStreamWindow;
                  initialStreamWindow = value;
                  streamWindows.replaceAll((s, w) -> w + delta);
                } finally {
                  lock.unlock();
                }
              }
            }
            send(frame(SETTINGS, 0x1, 0, new byte[0]));
          }
        }
        case WINDOW_UPDATE -> {
          long increment = readInt(payload, 0) & 0x7fffffffL;
          lock.lock();
          try {
            if (stream == 0) {
              connectionWindow += increment;
            } else {
              streamWindows.computeIfPresent(stream, (s, w) -> w + increment);
            }
          } finally {
            lock.unlock();
          }
        }
        case HEADERS -> {
          ByteBuf block = Unpooled.wrappedBuffer(payload);
          Http2Headers headers = decoder.decodeHeaders(stream, block);
          CharSequence status = headers.get("grpc-status");
          if (status != null) {
            CharSequence message = headers.get("grpc-message");
            endings.putIfAbsent(
                stream,
                new Ending(
                    Optional.of(Integer.parseInt(status.toString())),
                    message == null ? "" : percentDecoded(message.toString()),
                    false));
          }
        }
        case RST_STREAM -> endings.putIfAbsent(stream, new Ending(Optional.empty(), "", true));
        case GOAWAY -> goAway = true;
        default -> {}
      }
      signal();
    }

    private void signal() {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private static int readInt(byte[] bytes, int at) {
      return (bytes[at] & 0xff) << 24
          | (bytes[at + 1] & 0xff) << 16
          | (bytes[at + 2] & 0xff) << 8
          | (bytes[at + 3] & 0xff);
    }

    private static String percentDecoded(String text) {
      return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        reader.join(5_000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
