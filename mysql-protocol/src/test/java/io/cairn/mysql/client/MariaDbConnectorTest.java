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
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MariaDB Connector/J 3.5 against the server with the fake session: the same basics. */
class MariaDbConnectorTest {

  private static MySqlServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(TestServers.config().withSslContext(TestServers.selfSignedTls()),
        new FakeSessionFactory()
            .withUser("alice", "secret", "mysql_native_password")
            .withUser("carol", "s3cret-sha2", "caching_sha2_password"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Connection connect(String user, String password, String options) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://127.0.0.1:" + server.port() + "/test?" + options, user, password);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyColumnTypeInBothProtocols(boolean serverPrepared) throws Exception {
    try (Connection c = connect("root", "", "useServerPrepStmts=" + serverPrepared);
        PreparedStatement ps = c.prepareStatement("SELECT * FROM all_types");
        ResultSet rs = ps.executeQuery()) {
      assertAllTypes(rs);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void parametersRoundTrip(boolean serverPrepared) throws Exception {
    try (Connection c = connect("root", "", "useServerPrepStmts=" + serverPrepared);
        PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?")) {
      for (int round = 0; round < 2; round++) {
        ps.setLong(1, -5 - round);
        ps.setString(2, "ñ" + round);
        ps.setBigDecimal(3, new BigDecimal("1.25"));
        ps.setObject(4, LocalDateTime.of(2022, 12, 31, 23, 59, 58));
        ps.setNull(5, java.sql.Types.VARCHAR);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(-5 - round);
          assertThat(rs.getString(2)).isEqualTo("ñ" + round);
          assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("1.25");
          assertThat(rs.getObject(4, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2022, 12, 31, 23, 59, 58));
          assertThat(rs.getString(5)).isNull();
        }
      }
    }
  }

  @Test
  void multiStatementsAndGeneratedKeys() throws Exception {
    try (Connection c = connect("root", "", "allowMultiQueries=true"); Statement s = c.createStatement()) {
      assertThat(s.execute("SELECT 1; SELECT 2")).isTrue();
      assertThat(s.getMoreResults()).isTrue();
      try (ResultSet rs = s.getResultSet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      s.executeUpdate("INSERT INTO t VALUES (1)", Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = s.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getLong(1)).isPositive();
      }
    }
  }

  @Test
  void streamingFetch() throws Exception {
    try (Connection c = connect("root", "", ""); Statement s = c.createStatement()) {
      s.setFetchSize(500);
      try (ResultSet rs = s.executeQuery("SELECT * FROM seq_20000")) {
        long n = 0;
        while (rs.next()) {
          assertThat(rs.getLong(1)).isEqualTo(++n);
        }
        assertThat(n).isEqualTo(20000);
      }
    }
  }

  @Test
  void wrongPasswordIs1045() {
    assertThatThrownBy(() -> connect("alice", "bad", "").close())
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo(1045);
          assertThat(e.getSQLState()).isEqualTo("28000");
        });
  }

  @Test
  void nativePasswordOverTls() throws Exception {
    try (Connection c = connect("alice", "secret", "sslMode=trust");
        ResultSet rs = c.createStatement().executeQuery("SELECT 'tls'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("tls");
    }
  }

  @Test
  void cachingSha2WithRsaKeyRetrievalThenFastPath() throws Exception {
    for (int i = 0; i < 2; i++) {
      try (Connection c = connect("carol", "s3cret-sha2", "allowPublicKeyRetrieval=true");
          ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void errorsCarryErrnoAndSqlState() throws Exception {
    try (Connection c = connect("root", "", ""); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM missing"))
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1146);
            assertThat(e.getSQLState()).isEqualTo("42S02");
          });
      assertThat(c.isValid(5)).isTrue();
    }
  }
}
