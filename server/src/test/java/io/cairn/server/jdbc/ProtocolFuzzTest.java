package io.cairn.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.DriverRegistry;
import io.cairn.server.sqlserver.CairnServer;
import io.cairn.server.sqlserver.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Malformed, truncated and oversized packets and random bytes sent over raw sockets at a whole
 * server, while a healthy Connector/J client keeps writing. Every bad connection must end in an
 * error packet or be closed by the server (a hang fails); the healthy client must see no error;
 * afterwards every committed row is there and no connection is left behind. The seed is printed
 * in every failure: rerun with {@code -Dcairn.fuzz.seed=N}.
 */
class ProtocolFuzzTest {

  private static final int CASES = 160;
  private static final int COMMITTED = 100;
  /** Beyond the server's default max_allowed_packet of 64 MiB. */
  private static final int OVERSIZED = (64 << 20) + 1024;

  private enum Kind { RANDOM_BYTES, BAD_HANDSHAKE_RESPONSE, TRUNCATED_PRE_AUTH, BAD_COMMAND, TRUNCATED_COMMAND, BAD_STMT_EXECUTE, SEQUENCE_GAP }

  @Test
  void badConnectionsAreRefusedWhileAHealthyClientKeepsWorking() throws Exception {
    long seed = Long.getLong("cairn.fuzz.seed", System.nanoTime());
    ServerConfig config = new ServerConfig("unistore://jdbc-fuzz", "127.0.0.1", 0, -1, 200, Duration.ofSeconds(5), null);
    try (CairnServer server = CairnServer.start(config, DriverRegistry.load(getClass().getClassLoader()))) {
      String url = "jdbc:mysql://127.0.0.1:" + server.port() + "/fuzz?user=root&password=&sslMode=DISABLED"
          + "&createDatabaseIfNotExist=true";
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)");
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < COMMITTED; i++) {
          sql.append(i == 0 ? "" : ",").append('(').append(i).append(",'v").append(i).append("')");
        }
        s.executeUpdate(sql.toString());
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger healthyInserts = new AtomicInteger();
      Queue<String> healthyFailures = new ConcurrentLinkedQueue<>();
      Thread healthy = Thread.ofPlatform().name("healthy-client").start(() -> {
        try (Connection c = DriverManager.getConnection(url);
            PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
            PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM t")) {
          while (!stop.get()) {
            int id = COMMITTED + healthyInserts.get();
            insert.setInt(1, id);
            insert.setString(2, "h" + id);
            insert.executeUpdate();
            healthyInserts.incrementAndGet();
            try (ResultSet rs = count.executeQuery()) {
              rs.next();
              if (rs.getInt(1) != COMMITTED + healthyInserts.get()) {
                healthyFailures.add("count " + rs.getInt(1) + " after " + healthyInserts.get() + " inserts");
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          healthyFailures.add(e.toString());
        }
      });
      SplittableRandom random = new SplittableRandom(seed);
      try {
        for (int i = 0; i < CASES; i++) {
          Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
          String what = "seed " + seed + ", case " + i + " (" + kind + ")";
          assertThat(runCase(server.port(), kind, random)).as(what).isNull();
        }
        for (int i = 0; i < 2; i++) {
          assertThat(oversizedQuery(server.port())).as("seed %d, oversized packet %d", seed, i).isNull();
        }
      } finally {
        stop.set(true);
        healthy.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertThat(healthyFailures).as("seed %d: the healthy client", seed).isEmpty();
      assertThat(healthyInserts.get()).as("seed %d: the healthy client made progress", seed).isPositive();
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM t WHERE id < " + COMMITTED)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("seed %d: committed rows", seed).isEqualTo(COMMITTED);
        assertThat(rs.getLong(2)).isEqualTo((long) COMMITTED * (COMMITTED - 1) / 2);
      }
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("seed %d: every row", seed).isEqualTo(COMMITTED + healthyInserts.get());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.connectionCount()).as("seed %d: connections left open", seed).isZero();
    }
  }

  /** Runs one bad connection; returns null when the server reacted well, otherwise what went wrong. */
  private static String runCase(int port, Kind kind, SplittableRandom random) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(8_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      if (kind == Kind.RANDOM_BYTES) {
        out.write(randomBytes(random, 1 + random.nextInt(2048)));
        out.flush();
        socket.shutdownOutput();
        return awaitErrorOrClose(in, true);
      }
      readPacket(in);
      switch (kind) {
        case BAD_HANDSHAKE_RESPONSE -> {
          writePacket(out, 1, randomBytes(random, random.nextInt(200)));
          return awaitErrorOrClose(in, false);
        }
        case TRUNCATED_PRE_AUTH -> {
          byte[] login = login();
          int cut = random.nextInt(login.length + 4);
          byte[] framed = frame(1, login);
          out.write(framed, 0, Math.min(cut, framed.length - 1));
          out.flush();
          socket.shutdownOutput();
          return awaitErrorOrClose(in, false);
        }
        default -> { }
      }
      writePacket(out, 1, login());
      byte[] ok = readPacket(in);
      if (ok[0] != 0) {
        return "login failed: " + describe(ok);
      }
      switch (kind) {
        case BAD_COMMAND -> {
          byte[] payload = randomBytes(random, 1 + random.nextInt(300));
          // A random command byte with a random payload, then COM_PING: unknown commands and bad
          // payloads must get an error or a close, never silence.
          writePacket(out, 0, payload);
          writePacket(out, 0, new byte[] {0x0e});
          return awaitAnswerErrorOrClose(in);
        }
        case TRUNCATED_COMMAND -> {
          byte[] query = ("SELECT * FROM fuzz.t WHERE id = " + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
          byte[] payload = new byte[query.length + 1];
          payload[0] = 0x03;
          System.arraycopy(query, 0, payload, 1, query.length);
          byte[] framed = frame(0, payload);
          out.write(framed, 0, 1 + random.nextInt(framed.length - 1));
          out.flush();
          socket.shutdownOutput();
          return awaitErrorOrClose(in, true);
        }
        case BAD_STMT_EXECUTE -> {
          byte[] payload = randomBytes(random, 10 + random.nextInt(100));
          payload[0] = 0x17;
          writePacket(out, 0, payload);
          writePacket(out, 0, new byte[] {0x0e});
          return awaitAnswerErrorOrClose(in);
        }
        case SEQUENCE_GAP -> {
          writePacket(out, 1 + random.nextInt(200), new byte[] {0x0e});
          return awaitAnswerErrorOrClose(in);
        }
        default -> throw new IllegalStateException(kind.toString());
      }
    }
  }

  /** Logs in, then sends one COM_QUERY split over 16 MiB frames beyond max_allowed_packet: 1153 or a close. */
  private static String oversizedQuery(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      readPacket(in);
      writePacket(out, 1, login());
      byte[] ok = readPacket(in);
      if (ok[0] != 0) {
        return "login failed: " + describe(ok);
      }
      byte[] chunk = new byte[0xffffff];
      chunk[0] = 0x03;
      java.util.Arrays.fill(chunk, 1, chunk.length, (byte) ' ');
      int sent = 0;
      int seq = 0;
      try {
        while (sent < OVERSIZED) {
          out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) seq++});
          out.write(chunk);
          sent += chunk.length;
          chunk[0] = ' ';
        }
        out.write(new byte[] {0, 0, 0, (byte) seq});
        out.flush();
      } catch (SocketException e) {
        return null; // the server closed while we were still sending: refused
      }
      byte[] answer;
      try {
        answer = readPacket(in);
      } catch (EOFException | SocketException e) {
        return null;
      }
      if (answer[0] == (byte) 0xff && errno(answer) == 1153) {
        return null;
      }
      return "expected error 1153, got " + describe(answer);
    }
  }

  /**
   * Reads until the server closes or sends an error packet. Before that, only the greeting (when
   * the bytes went out before it was read) or, after login, answers to earlier complete packets
   * may arrive.
   */
  private static String awaitErrorOrClose(InputStream in, boolean moreAllowed) throws IOException {
    try {
      while (true) {
        byte[] p = readPacket(in);
        if (p.length > 0 && p[0] == (byte) 0xff) {
          return null;
        }
        if (!moreAllowed) {
          return "unexpected packet " + describe(p);
        }
      }
    } catch (EOFException | SocketException e) {
      return null;
    } catch (SocketTimeoutException e) {
      return "the server neither answered nor closed";
    }
  }

  /** After garbage and a COM_PING: an error, a close, or well-formed answers all do; silence does not. */
  private static String awaitAnswerErrorOrClose(InputStream in) throws IOException {
    try {
      byte[] p = readPacket(in);
      if (p.length == 0) {
        return "empty packet";
      }
      return null;
    } catch (EOFException | SocketException e) {
      return null;
    } catch (SocketTimeoutException e) {
      return "the server neither answered nor closed";
    }
  }

  /** HandshakeResponse41 for root without a password. */
  private static byte[] login() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int caps = 0x1 | 0x200 | 0x2000 | 0x8000 | 0x80000;
    writeInt(b, caps, 4);
    writeInt(b, 1 << 24, 4);
    b.write(45);
    b.writeBytes(new byte[23]);
    b.writeBytes("root".getBytes(StandardCharsets.US_ASCII));
    b.write(0);
    b.write(0);
    b.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
    b.write(0);
    return b.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream b, int v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      b.write(v >>> (8 * i));
    }
  }

  private static byte[] frame(int seq, byte[] payload) {
    byte[] f = new byte[4 + payload.length];
    f[0] = (byte) payload.length;
    f[1] = (byte) (payload.length >>> 8);
    f[2] = (byte) (payload.length >>> 16);
    f[3] = (byte) seq;
    System.arraycopy(payload, 0, f, 4, payload.length);
    return f;
  }

  private static void writePacket(OutputStream out, int seq, byte[] payload) throws IOException {
    try {
      out.write(frame(seq, payload));
      out.flush();
    } catch (SocketException e) {
      // The server may already have closed after an earlier bad packet; the reader sees it.
    }
  }

  private static byte[] readPacket(InputStream in) throws IOException {
    byte[] header = in.readNBytes(4);
    if (header.length < 4) {
      throw new EOFException();
    }
    int len = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
    byte[] payload = in.readNBytes(len);
    if (payload.length < len) {
      throw new EOFException();
    }
    return payload;
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static int errno(byte[] err) {
    return (err[1] & 0xff) | (err[2] & 0xff) << 8;
  }

  private static String describe(byte[] p) {
    if (p.length > 3 && p[0] == (byte) 0xff) {
      return "error " + errno(p) + " " + new String(p, 3, p.length - 3, StandardCharsets.UTF_8);
    }
    return "packet of " + p.length + " bytes starting 0x" + Integer.toHexString(p.length == 0 ? 0 : p[0] & 0xff);
  }
}
