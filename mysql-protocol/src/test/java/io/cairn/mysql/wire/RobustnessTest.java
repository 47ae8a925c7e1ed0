package io.cairn.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.mysql.MySqlServer;
import io.cairn.mysql.fake.FakeSessionFactory;
import io.cairn.mysql.fake.TestServers;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing: malformed, truncated, oversized and random packets at the port. Every bad
 * connection must get an answer (an ERR packet, or any reply to something that happened to be
 * a valid command) or be closed, and a healthy client on the side keeps being served.
 */
class RobustnessTest {

  private static final int BAD_CONNECTIONS = 16;

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 20261122L})
  void badConnectionsGetAnErrorOrAreClosedWhileOthersAreServed(long seed) throws Exception {
    Random random = new Random(seed);
    try (MySqlServer server = TestServers.start(TestServers.config()
            .withMaxAllowedPacket(256 * 1024)
            .withConnectTimeout(Duration.ofSeconds(2))
            .withWaitTimeout(Duration.ofSeconds(2)), new FakeSessionFactory())) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger healthyQueries = new AtomicInteger();
      CompletableFuture<Void> healthy = CompletableFuture.runAsync(() -> {
        try (RawClient c = new RawClient(server.port())) {
          assertThat(RawClient.isOk(c.login("root", "", RawClient.BASE_CAPS))).isTrue();
          while (!stop.get()) {
            c.query("SELECT 'healthy'");
            List<byte[]> rs = c.readResultSet(false);
            assertThat(rs.get(3)).containsExactly(7, 'h', 'e', 'a', 'l', 't', 'h', 'y');
            healthyQueries.incrementAndGet();
          }
        } catch (IOException e) {
          throw new AssertionError("healthy client failed, seed " + seed, e);
        }
      });
      List<CompletableFuture<String>> outcomes = new ArrayList<>();
      try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < BAD_CONNECTIONS; i++) {
          int id = i;
          int kind = random.nextInt(6);
          Random own = new Random(random.nextLong());
          outcomes.add(CompletableFuture.supplyAsync(() -> {
            try {
              String outcome = badConnection(server.port(), kind, own);
              return outcome == null ? null : "connection " + id + " kind " + kind + ": " + outcome;
            } catch (IOException e) {
              return "connection " + id + " kind " + kind + ": " + e;
            }
          }, executor));
        }
      }
      List<String> failures = new ArrayList<>();
      for (CompletableFuture<String> f : outcomes) {
        String outcome = f.get(60, TimeUnit.SECONDS);
        if (outcome != null) {
          failures.add(outcome);
        }
      }
      stop.set(true);
      healthy.get(30, TimeUnit.SECONDS);
      assertThat(failures).as("seed %d", seed).isEmpty();
      assertThat(healthyQueries.get()).as("seed %d", seed).isPositive();
      try (RawClient after = new RawClient(server.port())) {
        assertThat(RawClient.isOk(after.login("root", "", RawClient.BASE_CAPS))).as("seed %d", seed).isTrue();
      }
    }
  }

  /** Returns null when the server answered or closed, else what went wrong. */
  private static String badConnection(int port, int kind, Random random) throws IOException {
    try (RawClient c = new RawClient(port)) {
      c.socket.setSoTimeout(10_000);
      switch (kind) {
        case 0 -> { // random bytes instead of a handshake response
          c.read();
          c.writeRaw(randomBytes(random, 1 + random.nextInt(300)));
        }
        case 1 -> { // a truncated handshake response
          c.read();
          c.write(randomBytes(random, random.nextInt(31)));
        }
        case 2 -> { // a logged-in client sending random command payloads
          if (!RawClient.isOk(c.login("root", "", RawClient.BASE_CAPS))) {
            return "login failed";
          }
          for (int i = 0; i < 20; i++) {
            byte[] p = randomBytes(random, 1 + random.nextInt(40));
            if (p[0] == 0x01 || p[0] == 0x18 || p[0] == 0x19) {
              // COM_QUIT ends the connection politely, COM_STMT_SEND_LONG_DATA and
              // COM_STMT_CLOSE have no reply: none of them can show an answer
              p[0] = 0x7e;
            }
            c.seq = 0;
            c.write(p);
            if (!answered(c)) {
              return "no answer to command 0x" + Integer.toHexString(p[0] & 0xff);
            }
            if (c.socket.isClosed()) {
              return null;
            }
          }
          return null;
        }
        case 3 -> { // announces a packet larger than max_allowed_packet
          if (!RawClient.isOk(c.login("root", "", RawClient.BASE_CAPS))) {
            return "login failed";
          }
          c.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0x7f, 0, 3});
          byte[] err = c.read();
          if (RawClient.errno(err) != 1153) {
            return "expected 1153, got " + RawClient.errno(err);
          }
        }
        case 4 -> { // a header and half a payload, then silence
          c.read();
          c.writeRaw(new byte[] {100, 0, 0, 1, 1, 2, 3});
        }
        default -> { // truncated prepared-statement commands
          if (!RawClient.isOk(c.login("root", "", RawClient.BASE_CAPS))) {
            return "login failed";
          }
          int command = 0x16 + random.nextInt(7);
          c.command(command, randomBytes(random, random.nextInt(4)));
          if (command == 0x18 || command == 0x19) {
            c.command(0x0e, new byte[0]); // no reply to these: a ping shows the connection lives
          }
          if (!answered(c)) {
            return "no answer to truncated command 0x" + Integer.toHexString(command);
          }
          return null;
        }
      }
      return c.closedByServer() ? null : "neither answered nor closed";
    }
  }

  /** Reads the reply to one command; closes the client when the server closed. */
  private static boolean answered(RawClient c) throws IOException {
    try {
      c.read();
      c.socket.setSoTimeout(100);
      try {
        while (true) {
          c.read(); // the rest of a multi-packet reply
        }
      } catch (SocketTimeoutException e) {
        c.socket.setSoTimeout(10_000);
        return true;
      }
    } catch (SocketTimeoutException e) {
      return false; // COM_STMT_CLOSE / SEND_LONG_DATA have no reply: the next command tells
    } catch (EOFException e) {
      c.close();
      return true;
    } catch (IOException e) {
      c.close();
      return true;
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
