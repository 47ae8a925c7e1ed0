package io.cairn.server.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.DriverRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server over {@code unistore://}, driven through Connector/J and the status port. */
class CairnServerTest {

  private static final AtomicInteger N = new AtomicInteger();

  /** One self-signed certificate for the class: keytool takes seconds on a busy machine. */
  @TempDir static Path tlsDir;
  private CairnServer server;

  @BeforeEach
  void start() throws Exception {
    ServerConfig config = new ServerConfig("unistore://server-test-" + N.incrementAndGet(), "127.0.0.1", 0, 0, 20,
        Duration.ofSeconds(5), new ServerConfig.Tls(null, null, tlsDir));
    server = CairnServer.start(config, DriverRegistry.load(getClass().getClassLoader()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect(String options) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mysql://127.0.0.1:" + server.port() + "/?user=root&password=&sslMode=DISABLED" + options);
  }

  @Test
  void createInsertJoinAggregateAndRollBack() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE shop");
      s.execute("USE shop");
      s.execute("CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, UNIQUE KEY uk_name (name))");
      s.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), KEY k_c (customer_id))");
      assertThat(s.executeUpdate("INSERT INTO customer VALUES (1, 'ada'), (2, 'brian'), (3, 'chen')")).isEqualTo(3);
      assertThat(s.executeUpdate("INSERT INTO orders (customer_id, amount) VALUES (1, 10.50), (1, 4.50), (3, 7.25)"))
          .isEqualTo(3);
      try (ResultSet rs = s.executeQuery(
          "SELECT c.name, COUNT(*), SUM(o.amount) FROM customer c JOIN orders o ON o.customer_id = c.id "
              + "GROUP BY c.name ORDER BY c.name")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ada");
        assertThat(rs.getLong(2)).isEqualTo(2);
        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("15.00");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("chen");
        assertThat(rs.next()).isFalse();
      }
      c.setAutoCommit(false);
      s.executeUpdate("DELETE FROM orders");
      c.rollback();
      c.setAutoCommit(true);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(3);
      }
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO customer VALUES (4, 'ada')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM missing"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
    }
  }

  @Test
  void tlsIsOfferedWithASelfSignedCertificate() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
            + "/?user=root&password=&sslMode=REQUIRED");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void statusAndMetricsDescribeTheServer() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close();
      assertThatThrownBy(() -> s.execute("SELEC 1")).isInstanceOf(SQLException.class);
      try (HttpClient http = HttpClient.newHttpClient()) {
        String base = "http://127.0.0.1:" + server.statusPort();
        String status = get(http, base + "/status");
        assertThat(status).contains("\"health\":\"up\"").contains("\"connections\":1").contains("unistore://");
        String metrics = get(http, base + "/metrics");
        assertThat(metrics)
            .contains("cairn_server_connections 1")
            .containsPattern("cairn_server_statements_total\\{result=\"ok\",type=\"select\"\\} [1-9]")
            .containsPattern("cairn_server_statements_total\\{result=\"error\",type=\"other\"\\} 1")
            .contains("cairn_server_query_duration_seconds_bucket")
            .containsPattern("cairn_tikv_region_cache_hits_total [1-9]")
            .contains("cairn_tikv_region_cache_invalidations_total{reason=\"epoch_not_match\"}")
            .containsPattern("cairn_tikv_open_transactions [0-9]");
      }
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void closeStopsAcceptingAndIsIdempotent() {
    int port = server.port();
    server.close();
    server.close();
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?user=root&connectTimeout=2000"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void anUnknownStoreSchemeFailsAndLeavesNothingBound() {
    ServerConfig bad = new ServerConfig("nosuch://x", "127.0.0.1", 0, 0, 5, Duration.ofSeconds(1), null);
    assertThatThrownBy(() -> CairnServer.start(bad, DriverRegistry.load(getClass().getClassLoader())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no storage driver for scheme nosuch");
  }
}
