package io.cairn.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.mysql.fake.FakeSessionFactory;
import io.cairn.mysql.fake.TestServers;
import io.cairn.mysql.wire.RawClient;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerLifecycleTest {

  private static RawClient login(MySqlServer server) throws Exception {
    RawClient c = new RawClient(server.port());
    assertThat(RawClient.isOk(c.login("root", "", RawClient.BASE_CAPS))).isTrue();
    return c;
  }

  private static void awaitConnections(MySqlServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.connectionCount() != n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.connectionCount()).isEqualTo(n);
  }

  @Test
  void maxConnectionsRefusesWith1040InTheGreeting() throws Exception {
    try (MySqlServer server = TestServers.start(TestServers.config().withMaxConnections(2),
            new FakeSessionFactory());
        RawClient a = login(server)) {
      try (RawClient b = login(server); RawClient refused = new RawClient(server.port())) {
        byte[] first = refused.read();
        assertThat(RawClient.errno(first)).isEqualTo(1040);
        assertThat(RawClient.message(first)).isEqualTo("Too many connections");
        assertThat(refused.closedByServer()).isTrue();
      }
      awaitConnections(server, 1);
      try (RawClient again = login(server)) {
        again.query("SELECT 1");
        assertThat(again.readResultSet(false)).hasSize(5);
      }
    }
  }

  @Test
  void idleConnectionsCloseAfterWaitTimeoutButSlowStatementsDoNot() throws Exception {
    try (MySqlServer server = TestServers.start(
            TestServers.config().withWaitTimeout(Duration.ofMillis(700)), new FakeSessionFactory());
        RawClient idle = login(server);
        RawClient busy = login(server)) {
      busy.query("SELECT SLEEP(2)");
      assertThat(busy.readResultSet(false)).hasSize(5);
      assertThat(idle.closedByServer()).isTrue();
      awaitConnections(server, 1);
    }
  }

  @Test
  void gracefulStopLetsRunningStatementsFinish() throws Exception {
    FakeSessionFactory sessions = new FakeSessionFactory();
    MySqlServer server = TestServers.start(TestServers.config(), sessions);
    int port = server.port();
    try (RawClient idle = login(server); RawClient busy = login(server)) {
      busy.query("SELECT SLEEP(1)");
      awaitBusy(sessions);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
      List<byte[]> result = busy.readResultSet(false);
      assertThat(result).hasSize(5);
      assertThat(RawClient.isErr(result.get(3))).isFalse();
      assertThat(busy.closedByServer()).isTrue();
      assertThat(idle.closedByServer()).isTrue();
      stopping.get(10, TimeUnit.SECONDS);
      assertThat(sessions.open).isEmpty();
    }
    assertThatThrownBy(() -> new RawClient(port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void stopCancelsStatementsThatOutliveTheGrace() throws Exception {
    FakeSessionFactory sessions = new FakeSessionFactory();
    MySqlServer server = TestServers.start(TestServers.config(), sessions);
    try (RawClient busy = login(server)) {
      busy.query("SELECT SLEEP(60)");
      awaitBusy(sessions);
      long start = System.nanoTime();
      server.stop(Duration.ofMillis(300));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      assertThat(busy.closedByServer()).isTrue();
    }
  }

  @Test
  void aClientThatHangsUpGetsItsStatementCancelled() throws Exception {
    FakeSessionFactory sessions = new FakeSessionFactory();
    try (MySqlServer server = TestServers.start(TestServers.config(), sessions)) {
      RawClient c = login(server);
      c.query("SELECT SLEEP(60)");
      awaitBusy(sessions);
      c.close();
      awaitConnections(server, 0);
      assertThat(sessions.open).isEmpty();
    }
  }

  private static void awaitBusy(FakeSessionFactory sessions) throws InterruptedException {
    // The statement is running once the session is inside SLEEP: a fixed pause is not enough on
    // a loaded machine, and a stop that comes first would find the connection idle.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sessions.sleeping.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no statement started sleeping within 30 s");
      }
      Thread.sleep(5);
    }
  }
}
