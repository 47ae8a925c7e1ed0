package io.cairn.mysql.client;

import static io.cairn.mysql.client.AllTypesAssertions.assertAllTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.mysql.MySqlServer;
import io.cairn.mysql.fake.FakeSessionFactory;
import io.cairn.mysql.fake.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MySQL Connector/J against the server with the fake session. */
class ConnectorJTest {

  private static FakeSessionFactory sessions;
  private static MySqlServer server;

  @BeforeAll
  static void start() throws Exception {
    sessions = new FakeSessionFactory()
        .withUser("alice", "secret", "mysql_native_password")
        .withUser("carol", "s3cret-sha2", "caching_sha2_password");
    server = TestServers.start(TestServers.config().withSslContext(TestServers.selfSignedTls()), sessions);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Connection connect(String user, String password, String options) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mysql://127.0.0.1:" + server.port() + "/test?sslMode=DISABLED&" + options,
        user, password);
  }

  static Connection root(String options) throws SQLException {
    return connect("root", "", options);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyColumnTypeInBothProtocols(boolean serverPrepared) throws Exception {
    try (Connection c = root("useServerPrepStmts=" + serverPrepared);
        PreparedStatement ps = c.prepareStatement("SELECT * FROM all_types");
        ResultSet rs = ps.executeQuery()) {
      assertThat(ps instanceof com.mysql.cj.jdbc.ServerPreparedStatement).isEqualTo(serverPrepared);
      assertAllTypes(rs);
    }
  }

  @Test
  void textProtocolStatement() throws Exception {
    try (Connection c = root("");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM all_types")) {
      assertAllTypes(rs);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void parametersOfEveryTypeRoundTrip(boolean serverPrepared) throws Exception {
    try (Connection c = root("useServerPrepStmts=" + serverPrepared);
        PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?")) {
      assertThat(ps instanceof com.mysql.cj.jdbc.ServerPreparedStatement).isEqualTo(serverPrepared);
      for (int round = 0; round < 3; round++) {
        ps.setInt(1, -7 - round);
        ps.setLong(2, Long.MAX_VALUE - round);
        ps.setDouble(3, 2.5 + round);
        ps.setBigDecimal(4, new BigDecimal("-98765.4321"));
        ps.setString(5, "ünïcode " + round);
        ps.setBytes(6, new byte[] {1, 2, 3, (byte) round});
        ps.setObject(7, LocalDate.of(2020, 1, 2 + round));
        ps.setObject(8, LocalDateTime.of(2021, 5, 6, 7, 8, 9, 5000));
        ps.setObject(9, LocalTime.of(10, 11, 12));
        ps.setNull(10, java.sql.Types.INTEGER);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(-7 - round);
          assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE - round);
          assertThat(rs.getDouble(3)).isEqualTo(2.5 + round);
          assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("-98765.4321");
          assertThat(rs.getString(5)).isEqualTo("ünïcode " + round);
          assertThat(rs.getBytes(6)).containsExactly(1, 2, 3, round);
          assertThat(rs.getObject(7, LocalDate.class)).isEqualTo(LocalDate.of(2020, 1, 2 + round));
          assertThat(rs.getObject(8, LocalDateTime.class))
              .isEqualTo(LocalDateTime.of(2021, 5, 6, 7, 8, 9, 5000));
          assertThat(rs.getObject(9, LocalTime.class)).isEqualTo(LocalTime.of(10, 11, 12));
          assertThat(rs.getObject(10)).isNull();
        }
      }
    }
  }

  @Test
  void longDataParameter() throws Exception {
    try (Connection c = root("useServerPrepStmts=true");
        PreparedStatement ps = c.prepareStatement("SELECT ?")) {
      byte[] big = new byte[300_000];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) ('a' + i % 26);
      }
      ps.setBinaryStream(1, new java.io.ByteArrayInputStream(big), big.length);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).isEqualTo(big);
      }
    }
  }

  @Test
  void cursorFetchOverHundredThousandRows() throws Exception {
    try (Connection c = root("useServerPrepStmts=true&useCursorFetch=true&defaultFetchSize=1000");
        PreparedStatement ps = c.prepareStatement("SELECT * FROM seq_100000")) {
      ps.setFetchSize(1000);
      long before = sessions.rowsProduced.get();
      assertThat(ps).isInstanceOf(com.mysql.cj.jdbc.ServerPreparedStatement.class);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
        // a cursor hands out rows by the fetch: far fewer than all of them exist yet
        assertThat(sessions.rowsProduced.get() - before).isLessThanOrEqualTo(1001);
        long expected = 2;
        while (rs.next()) {
          assertThat(rs.getLong(1)).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(100_001);
      }
      // the statement runs again after the cursor was exhausted
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  @Test
  void cursorInterleavedWithOtherStatements() throws Exception {
    try (Connection c = root("useServerPrepStmts=true&useCursorFetch=true");
        PreparedStatement ps = c.prepareStatement("SELECT * FROM seq_5000");
        PreparedStatement other = c.prepareStatement("SELECT ?")) {
      ps.setFetchSize(100);
      try (ResultSet rs = ps.executeQuery()) {
        long n = 0;
        while (rs.next()) {
          n++;
          assertThat(rs.getLong(1)).isEqualTo(n);
          if (n % 1000 == 0) {
            other.setLong(1, n);
            try (ResultSet o = other.executeQuery()) {
              assertThat(o.next()).isTrue();
              assertThat(o.getLong(1)).isEqualTo(n);
            }
          }
        }
        assertThat(n).isEqualTo(5000);
      }
    }
  }

  @Test
  void streamingResultIsProducedOnlyAsFastAsTheClientReads() throws Exception {
    try (Connection c = root("");
        Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      s.setFetchSize(Integer.MIN_VALUE);
      long before = sessions.rowsProduced.get();
      try (ResultSet rs = s.executeQuery("SELECT * FROM wide_100000")) {
        assertThat(rs.next()).isTrue();
        Thread.sleep(300);
        // 100k rows of 1 KB = 100 MB; socket buffers and the write high-water mark hold a few MB
        assertThat(sessions.rowsProduced.get() - before).isLessThan(50_000);
        long n = 1;
        while (rs.next()) {
          n++;
        }
        assertThat(n).isEqualTo(100_000);
      }
    }
  }

  @Test
  void multiStatements() throws Exception {
    try (Connection c = root("allowMultiQueries=true"); Statement s = c.createStatement()) {
      boolean isResult = s.execute("SELECT 1; INSERT INTO t VALUES (1),(2); SELECT 'x;y' AS v");
      assertThat(isResult).isTrue();
      try (ResultSet rs = s.getResultSet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      assertThat(s.getMoreResults()).isFalse();
      assertThat(s.getUpdateCount()).isEqualTo(2);
      assertThat(s.getMoreResults()).isTrue();
      try (ResultSet rs = s.getResultSet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("v")).isEqualTo("x;y");
      }
      assertThat(s.getMoreResults()).isFalse();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
    }
  }

  @Test
  void errorInTheMiddleOfMultiStatementsStopsThere() throws Exception {
    try (Connection c = root("allowMultiQueries=true"); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> {
        s.execute("SELECT 1; SELECT * FROM missing; SELECT 3");
        while (s.getMoreResults() || s.getUpdateCount() != -1) {
          // drain
        }
      }).isInstanceOfSatisfying(SQLException.class, e -> {
        assertThat(e.getErrorCode()).isEqualTo(1146);
        assertThat(e.getSQLState()).isEqualTo("42S02");
      });
      try (ResultSet rs = s.executeQuery("SELECT 4")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void generatedKeys(boolean serverPrepared) throws Exception {
    try (Connection c = root("useServerPrepStmts=" + serverPrepared);
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO t (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "a");
      assertThat(ps.executeUpdate()).isEqualTo(1);
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        long first = keys.getLong(1);
        assertThat(first).isPositive();
        ps.setString(1, "b");
        ps.executeUpdate();
        try (ResultSet k2 = ps.getGeneratedKeys()) {
          assertThat(k2.next()).isTrue();
          assertThat(k2.getLong(1)).isEqualTo(first + 1);
        }
      }
    }
  }

  @Test
  void errorsCarryErrnoAndSqlState() throws Exception {
    try (Connection c = root(""); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("SELEKT 1"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1064);
            assertThat(e.getSQLState()).isEqualTo("42000");
          });
      assertThatThrownBy(() -> c.prepareStatement("SELECT * FROM nope").executeQuery())
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
      try (ResultSet rs = s.executeQuery("SELECT 'still alive'")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void warningsAreCounted() throws Exception {
    try (Connection c = root(""); Statement s = c.createStatement()) {
      s.execute("DO WARNING");
      java.sql.SQLWarning w = s.getWarnings();
      assertThat((Throwable) w).isNotNull();
      assertThat(w.getErrorCode()).isEqualTo(1292);
    }
  }

  @Test
  void transactionsAndStatusFlags() throws Exception {
    try (Connection c = root("useLocalSessionState=false")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO t VALUES (1)");
      }
      c.rollback();
      c.setAutoCommit(true);
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void wrongPasswordIs1045() {
    assertThatThrownBy(() -> connect("alice", "wrong", "").close())
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo(1045);
          assertThat(e.getSQLState()).isEqualTo("28000");
          assertThat(e.getMessage()).contains("Access denied for user 'alice'@'127.0.0.1' (using password: YES)");
        });
    assertThatThrownBy(() -> connect("nobody", "", "").close())
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo(1045);
          assertThat(e.getMessage()).contains("(using password: NO)");
        });
  }

  @Test
  void nativePasswordUser() throws Exception {
    try (Connection c = connect("alice", "secret", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  void unknownDatabaseIs1049() {
    assertThatThrownBy(() -> DriverManager.getConnection(
        "jdbc:mysql://127.0.0.1:" + server.port() + "/nodb?sslMode=DISABLED", "root", "").close())
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
  }

  @Test
  void tlsRequired() throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:mysql://127.0.0.1:" + server.port() + "/test?sslMode=REQUIRED", "alice", "secret");
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM all_types")) {
      assertAllTypes(rs);
    }
  }

  @Test
  void cachingSha2OverRsaThenFastPath() throws Exception {
    String url = "jdbc:mysql://127.0.0.1:" + server.port()
        + "/test?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    // the greeting names mysql_native_password: the server switches carol to caching_sha2
    for (int i = 0; i < 2; i++) { // first full authentication (RSA), then the cached fast path
      try (Connection c = DriverManager.getConnection(url, "carol", "s3cret-sha2");
          ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url, "carol", "bad").close())
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
  }

  @Test
  void cachingSha2OverTls() throws Exception {
    FakeSessionFactory own = new FakeSessionFactory().withUser("dave", "pw-over-tls", "caching_sha2_password");
    try (MySqlServer s = TestServers.start(TestServers.config()
            .withSslContext(TestServers.selfSignedTls())
            .withGreetingAuthPlugin("caching_sha2_password"), own);
        Connection c = DriverManager.getConnection(
            "jdbc:mysql://127.0.0.1:" + s.port() + "/test?sslMode=REQUIRED", "dave", "pw-over-tls");
        ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  void cachingSha2WithoutTlsOrKeyRetrievalIsRefusedByTheClient() {
    FakeSessionFactory own = new FakeSessionFactory().withUser("erin", "pw", "caching_sha2_password");
    try (MySqlServer s = TestServers.start(TestServers.config(), own)) {
      assertThatThrownBy(() -> DriverManager.getConnection(
          "jdbc:mysql://127.0.0.1:" + s.port() + "/test?sslMode=DISABLED", "erin", "pw").close())
          .hasMessageContaining("Public Key Retrieval is not allowed");
    }
  }

  @Test
  void killQueryCancelsASlowStatement() throws Exception {
    try (Connection c = root(""); Statement s = c.createStatement()) {
      CompletableFuture<Throwable> slow = CompletableFuture.supplyAsync(() -> {
        try {
          s.executeQuery("SELECT SLEEP(30)");
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      // a slow statement does not block other connections
      while (!slow.isDone() && System.nanoTime() < deadline) {
        try (Connection other = root(""); ResultSet rs = other.createStatement().executeQuery("SELECT 2")) {
          assertThat(rs.next()).isTrue();
        }
        s.cancel(); // Connector/J sends KILL QUERY <id> on a second connection
        Thread.sleep(50);
      }
      // the server answers 1317; Connector/J reports it as such, or as its own cancellation
      // exception when its cancel flag was already set
      Throwable failure = slow.get(10, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOfSatisfying(SQLException.class, e -> assertThat(
          e instanceof com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException
              || e.getErrorCode() == 1317).as("cancelled: %s", e).isTrue());
      try (ResultSet rs = s.executeQuery("SELECT 5")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void killConnection() throws Exception {
    try (Connection victim = root(""); Connection killer = root("")) {
      long id;
      try (ResultSet rs = victim.createStatement().executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        id = rs.getLong(1);
      }
      killer.createStatement().execute("KILL " + id);
      assertThatThrownBy(() -> victim.createStatement().executeQuery("SELECT 1"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> killer.createStatement().execute("KILL 999999"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1094));
    }
  }

  @Test
  void pingResetAndChangeUser() throws Exception {
    try (Connection c = root("useServerPrepStmts=true")) {
      assertThat(c.isValid(5)).isTrue(); // COM_PING
      c.setCatalog("mysql"); // COM_INIT_DB
      assertThat(c.getCatalog()).isEqualTo("mysql");
      com.mysql.cj.jdbc.JdbcConnection jc = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
      jc.resetServerState(); // COM_RESET_CONNECTION
      try (ResultSet rs = c.createStatement().executeQuery("SELECT DATABASE()")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("mysql");
      }
      jc.changeUser("alice", "secret"); // COM_CHANGE_USER
      try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(sessions.open.values()).anyMatch(s -> s.user().equals("alice"));
    }
  }

  @Test
  void connectAttributesReachTheSession() throws Exception {
    try (Connection c = root("connectionAttributes=app:cairn-test")) {
      assertThat(c.isValid(5)).isTrue();
      assertThat(sessions.lastAttributes).containsEntry("app", "cairn-test")
          .containsKey("_client_name");
    }
  }
}
