package ai.dataframer.beam.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An HTTPS server on loopback that speaks just enough HTTP/2 (RFC 9113) to answer POSTs, and drops
 * them the ways a real front end can: GOAWAY, RST_STREAM, a TCP close or reset, a TLS close_notify
 * over a socket left open, or silence, before the answer or in the middle of its body, or a
 * connection that dies without a word. MockWebServer (4.12) covers some of these over HTTP/2 (a
 * disconnect at several points, a stall) but not GOAWAY, a half-sent body followed by a reset or by
 * silence, or a socket that stays open after TLS closes; and its RESET_STREAM_AT_START fails inside
 * the server unless the response carries an HTTP/2 error code, so no reset is sent.
 *
 * <p>Each request takes the next scripted {@link Fault}; when none is left it is answered with the
 * body set by {@link #answerWith}. A request without a body (a GET: HttpTransport's connection
 * probe) takes no fault and is not counted as a request: it is answered 404 at once, counted by
 * {@link #probes}, unless its connection is silent. Connections run on a thread each (a test
 * server: a few connections). Request header blocks are not decoded (the answers do not depend on
 * them); answers use HPACK literals only, so no dynamic table is kept.
 */
public final class H2FaultServer implements AutoCloseable {
  /** What happens to a request once its body has arrived. */
  public enum Fault {
    /** Answered in full. */
    NONE,
    /** GOAWAY naming the request as processed, then the connection closes with no answer. */
    GOAWAY_AND_CLOSE,
    /** GOAWAY naming the request as processed, and nothing more while the socket stays open. */
    GOAWAY_THEN_SILENCE,
    /** RST_STREAM (INTERNAL_ERROR) instead of an answer; the connection stays up. */
    RESET_STREAM,
    /** Headers and half the body, then RST_STREAM (INTERNAL_ERROR). */
    RESET_STREAM_MID_BODY,
    /** Headers and half the body, then TLS close_notify and TCP FIN. */
    CLOSE_MID_BODY,
    /** Headers and half the body, then a TCP reset (no TLS close). */
    ABORT_MID_BODY,
    /** Headers and half the body, then close_notify while the TCP socket stays open. */
    TLS_CLOSE_MID_BODY_SOCKET_OPEN,
    /** Headers and half the body, then silence: a peer gone without a FIN or a reset. */
    SILENCE_MID_BODY,
    /** No answer at all, the connection kept: a model still thinking, or a peer gone silent. */
    SILENCE,
    /** Answered in full after {@link #SLOW_ANSWER}: a model that thinks a while. */
    SLOW_ANSWER,
    /**
     * The connection dies silently: nothing more is read or written on it, pings and probes go
     * unanswered, and the socket stays open (a NAT or load balancer that dropped its state, a peer
     * gone without a FIN or a reset).
     */
    DIE_SILENTLY
  }

  /** How long a {@link Fault#SLOW_ANSWER} takes before its headers. */
  public static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6;
  private static final int GOAWAY = 7, WINDOW_UPDATE = 8;
  private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;
  private static final int INTERNAL_ERROR = 2, SETTINGS_MAX_CONCURRENT_STREAMS = 3;

  private final HeldCertificate certificate =
      new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
  private final SSLContext serverTls =
      new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslContext();
  private final ServerSocket listener;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(runnable -> daemon(runnable));
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pings = new AtomicInteger();
  private final AtomicInteger probes = new AtomicInteger();
  private final AtomicInteger mostStreamsOpen = new AtomicInteger();
  private volatile String answer = "{}";
  private volatile Duration answerDelay = Duration.ZERO;
  private volatile int maxConcurrentStreams;

  public H2FaultServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The base URL, https://localhost:PORT. */
  public String baseUrl() {
    return "https://localhost:" + listener.getLocalPort();
  }

  /** The server's certificate, for a trust store. */
  public java.security.cert.X509Certificate certificate() {
    return certificate.certificate();
  }

  /** A client context that trusts this server's certificate (and nothing else). */
  public SSLContext clientTls() {
    return new HandshakeCertificates.Builder()
        .addTrustedCertificate(certificate.certificate())
        .build()
        .sslContext();
  }

  /** The faults for the next requests, in order; later requests are answered. */
  public synchronized H2FaultServer script(Fault... next) {
    faults.addAll(Arrays.asList(next));
    return this;
  }

  /** The JSON body of every answered request. */
  public H2FaultServer answerWith(String json) {
    this.answer = json;
    return this;
  }

  /**
   * How long every request without a fault waits before its answer (a model thinking), so calls
   * stay open together; zero (the default) answers at once.
   */
  public H2FaultServer answerAfter(Duration delay) {
    this.answerDelay = delay;
    return this;
  }

  /**
   * SETTINGS_MAX_CONCURRENT_STREAMS for connections accepted from now on, as hosted providers set
   * it (100 or so); unset, there is no limit.
   */
  public H2FaultServer limitStreams(int streams) {
    this.maxConcurrentStreams = streams;
    return this;
  }

  /** Requests whose bodies arrived, faulted or not. */
  public int requests() {
    return requests.get();
  }

  /** TCP connections accepted. */
  public int connections() {
    return connections.get();
  }

  /** PING frames the clients sent (and were answered). */
  public int pings() {
    return pings.get();
  }

  /**
   * The most requests (not probes) ever open at once on one connection, from the end of a request's
   * body to the end of its answer or reset: over the advertised limit, a real front end would
   * refuse the stream.
   */
  public int mostStreamsOpenOnAConnection() {
    return mostStreamsOpen.get();
  }

  /** Bodiless requests (probes) answered. */
  public int probes() {
    return probes.get();
  }

  private synchronized Fault nextFault() {
    Fault next = faults.poll();
    return next == null ? Fault.NONE : next;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket plain = listener.accept();
        connections.incrementAndGet();
        sockets.add(plain);
        threads.execute(() -> serve(plain));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket plain) {
    try {
      // autoClose=false: closing the TLS layer sends close_notify and leaves the TCP socket open.
      SSLSocket tls =
          (SSLSocket)
              serverTls.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), false);
      tls.setUseClientMode(false);
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      new Connection(plain, tls).run();
    } catch (IOException | RuntimeException gone) {
      // The client went away or a fault closed the connection: nothing to serve.
    }
  }

  /** One HTTP/2 connection: reads frames, and answers or faults each finished request. */
  private final class Connection {
    private final Socket plain;
    private final SSLSocket tls;
    private final OutputStream out;
    private final Set<Integer> streamsOpen = ConcurrentHashMap.newKeySet();
    private volatile boolean silenced;
    private volatile boolean dead;

    Connection(Socket plain, SSLSocket tls) throws IOException {
      this.plain = plain;
      this.tls = tls;
      this.out = tls.getOutputStream();
    }

    void run() throws IOException {
      DataInputStream in = new DataInputStream(new BufferedInputStream(tls.getInputStream()));
      byte[] preface = new byte[PREFACE.length];
      in.readFully(preface);
      if (!Arrays.equals(preface, PREFACE)) {
        throw new IOException("not an HTTP/2 client preface");
      }
      int limit = maxConcurrentStreams;
      frame(
          SETTINGS,
          0,
          0,
          limit == 0 ? new byte[0] : setting(SETTINGS_MAX_CONCURRENT_STREAMS, limit));
      while (!dead) {
        int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (type == SETTINGS && (flags & ACK) == 0) {
          frame(SETTINGS, ACK, 0, new byte[0]);
        } else if (type == PING && (flags & ACK) == 0) {
          pings.incrementAndGet();
          frame(PING, ACK, 0, payload);
        } else if (type == DATA && length > 0) {
          // Give the window back at once, so many requests fit on one connection.
          frame(WINDOW_UPDATE, 0, 0, int32(length));
          frame(WINDOW_UPDATE, 0, stream, int32(length));
        }
        if (type == RST_STREAM) {
          streamsOpen.remove(stream); // the client gave the call up
        }
        if (type == HEADERS && (flags & END_STREAM) != 0) {
          if (!silenced) {
            probes.incrementAndGet();
          }
          frame(HEADERS, END_HEADERS | END_STREAM, stream, new byte[] {(byte) 0x8d}); // :status 404
        } else if (type == DATA && (flags & END_STREAM) != 0) {
          requests.incrementAndGet();
          streamsOpen.add(stream);
          mostStreamsOpen.accumulateAndGet(streamsOpen.size(), Math::max);
          Fault fault = nextFault();
          Duration delay = answerDelay;
          if (fault == Fault.NONE && !delay.isZero()) {
            answerLater(stream, delay);
          } else {
            respond(stream, fault);
          }
        }
      }
    }

    private void answerLater(int stream, Duration delay) {
      threads.execute(
          () -> {
            try {
              Thread.sleep(delay.toMillis());
              respond(stream, Fault.NONE);
            } catch (IOException | InterruptedException gone) {
              // The client gave up or the server is closing.
            }
          });
    }

    private void respond(int stream, Fault fault) throws IOException {
      if (fault != Fault.SILENCE && fault != Fault.SILENCE_MID_BODY && fault != Fault.SLOW_ANSWER) {
        streamsOpen.remove(stream); // answered or reset just below; the others stay open
      }
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      byte[] half = Arrays.copyOf(body, body.length / 2);
      switch (fault) {
        case NONE -> {
          headers(stream);
          frame(DATA, END_STREAM, stream, body);
        }
        case GOAWAY_AND_CLOSE -> {
          frame(GOAWAY, 0, 0, goAway(stream));
          close();
        }
        case GOAWAY_THEN_SILENCE -> {
          frame(GOAWAY, 0, 0, goAway(stream));
          silenced = true;
        }
        case RESET_STREAM -> frame(RST_STREAM, 0, stream, int32(INTERNAL_ERROR));
        case RESET_STREAM_MID_BODY -> {
          headers(stream);
          frame(DATA, 0, stream, half);
          frame(RST_STREAM, 0, stream, int32(INTERNAL_ERROR));
        }
        case CLOSE_MID_BODY -> {
          headers(stream);
          frame(DATA, 0, stream, half);
          close();
        }
        case ABORT_MID_BODY -> {
          headers(stream);
          frame(DATA, 0, stream, half);
          plain.setSoLinger(true, 0);
          plain.close();
        }
        case TLS_CLOSE_MID_BODY_SOCKET_OPEN -> {
          headers(stream);
          frame(DATA, 0, stream, half);
          tls.close(); // close_notify; plain stays open until the server closes
        }
        case SILENCE_MID_BODY -> {
          headers(stream);
          frame(DATA, 0, stream, half);
          silenced = true;
        }
        case SILENCE -> {
          // Nothing: the stream stays open.
        }
        case DIE_SILENTLY -> dead = true; // the read loop ends; the socket is left open
        case SLOW_ANSWER ->
            threads.execute(
                () -> {
                  try {
                    Thread.sleep(SLOW_ANSWER.toMillis());
                    streamsOpen.remove(stream);
                    headers(stream);
                    frame(DATA, END_STREAM, stream, body);
                  } catch (IOException | InterruptedException gone) {
                    // The client gave up or the server is closing.
                  }
                });
      }
    }

    private void close() throws IOException {
      tls.close();
      plain.close();
    }

    /** {@code :status 200} (static table index 8) and a literal content-type. */
    private void headers(int stream) throws IOException {
      ByteArrayOutputStream block = new ByteArrayOutputStream();
      block.write(0x88);
      literal(block, "content-type", "application/json");
      frame(HEADERS, END_HEADERS, stream, block.toByteArray());
    }

    private synchronized void frame(int type, int flags, int stream, byte[] payload)
        throws IOException {
      if (dead || (silenced && type != PING && type != SETTINGS)) {
        // A silent peer still answers pings (the TCP connection is fine, the stream is not); a dead
        // connection answers nothing.
        return;
      }
      byte[] head = {
        (byte) (payload.length >>> 16),
        (byte) (payload.length >>> 8),
        (byte) payload.length,
        (byte) type,
        (byte) flags,
        (byte) (stream >>> 24),
        (byte) (stream >>> 16),
        (byte) (stream >>> 8),
        (byte) stream
      };
      out.write(head);
      out.write(payload);
      out.flush();
    }
  }

  private static byte[] setting(int identifier, int value) {
    byte[] payload = new byte[6];
    payload[0] = (byte) (identifier >>> 8);
    payload[1] = (byte) identifier;
    System.arraycopy(int32(value), 0, payload, 2, 4);
    return payload;
  }

  private static byte[] goAway(int lastStream) {
    byte[] payload = new byte[8];
    System.arraycopy(int32(lastStream), 0, payload, 0, 4); // NO_ERROR in the last four bytes
    return payload;
  }

  private static void literal(ByteArrayOutputStream block, String name, String value) {
    block.write(0x00); // literal without indexing, new name (RFC 7541 section 6.2.2)
    block.write(name.length());
    block.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    block.write(value.length());
    block.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] int32(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "h2-fault-server");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }
}
