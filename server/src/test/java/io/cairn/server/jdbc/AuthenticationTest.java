package io.cairn.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.DriverRegistry;
import io.cairn.server.sqlserver.CairnServer;
import io.cairn.server.sqlserver.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication and privileges through both drivers against the whole server ({@link
 * CairnServer}, with its self-signed TLS): accounts made with CREATE USER ... IDENTIFIED BY log
 * in with caching_sha2_password (full authentication in clear text over TLS or over the RSA
 * key exchange, then the fast path from the server's cache) and with mysql_native_password;
 * wrong passwords get 1045; a user without a grant gets 1142 and 1044 until root grants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {

  private static final String SHA2_PASSWORD = "Sécret-sha2!";
  private static final String NATIVE_PASSWORD = "n4tive pw";

  @TempDir static Path tlsDir;
  private CairnServer server;

  @BeforeAll
  void start() throws Exception {
    ServerConfig config = new ServerConfig("unistore://jdbc-auth", "127.0.0.1", 0, -1, 50,
        Duration.ofSeconds(5), new ServerConfig.Tls(null, null, tlsDir));
    server = CairnServer.start(config, DriverRegistry.load(getClass().getClassLoader()));
    try (Connection c = connect("mysql", "root", "", false, ""); Statement s = c.createStatement()) {
      for (String driver : new String[] {"mysql", "mariadb"}) {
        s.execute("CREATE USER 'sha2_" + driver + "'@'%' IDENTIFIED WITH caching_sha2_password BY '" + SHA2_PASSWORD + "'");
        s.execute("CREATE USER 'rsa_" + driver + "'@'%' IDENTIFIED WITH caching_sha2_password BY '" + SHA2_PASSWORD + "'");
        s.execute("CREATE USER 'native_" + driver + "'@'%' IDENTIFIED BY '" + NATIVE_PASSWORD + "'");
      }
      s.execute("CREATE DATABASE app");
      s.execute("CREATE TABLE app.t (id INT PRIMARY KEY)");
      s.execute("INSERT INTO app.t VALUES (1), (2)");
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Connects with the credentials as properties: MariaDB's driver does not URL-decode them. */
  private Connection connect(String driver, String user, String password, boolean tls, String options)
      throws SQLException {
    String ssl = driver.equals("mysql") ? (tls ? "sslMode=REQUIRED" : "sslMode=DISABLED")
        : (tls ? "sslMode=trust" : "sslMode=disable");
    Properties credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:" + driver + "://127.0.0.1:" + server.port() + "/?" + ssl + options, credentials);
  }

  /** Proves the connection is authenticated and serving statements. */
  private static void assertServes(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }

  private static void assertRefused(ThrowingCallable call, int errno, String sqlState) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class, e -> {
      assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(errno);
      assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void rootWithoutPassword(String driver) throws Exception {
    try (Connection c = connect(driver, "root", "", false, "")) {
      assertServes(c);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void cachingSha2PasswordOverTlsThenFastAuthentication(String driver) throws Exception {
    // The first login authenticates fully: the password goes in clear text over TLS and is
    // checked against the stored SHA-256 crypt string.
    try (Connection c = connect(driver, "sha2_" + driver, SHA2_PASSWORD, true, "")) {
      assertServes(c);
    }
    // The cache now holds the account: a plain connection without the RSA key exchange
    // succeeds on the fast path.
    try (Connection c = connect(driver, "sha2_" + driver, SHA2_PASSWORD, false, "")) {
      assertServes(c);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void cachingSha2PasswordOverTheRsaKeyExchange(String driver) throws Exception {
    try (Connection c = connect(driver, "rsa_" + driver, SHA2_PASSWORD, false, "&allowPublicKeyRetrieval=true")) {
      assertServes(c);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void nativePassword(String driver) throws Exception {
    try (Connection c = connect(driver, "native_" + driver, NATIVE_PASSWORD, false, "")) {
      assertServes(c);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void wrongPasswordsAreRefusedWith1045(String driver) throws Exception {
    String[][] attempts = {
        {"sha2_" + driver, "wrong", "tls"}, {"sha2_" + driver, "wrong", ""}, {"rsa_" + driver, "", ""},
        {"native_" + driver, "wrong", ""}, {"native_" + driver, "", ""}, {"root", "not-empty", ""},
        {"nobody", "", ""}};
    for (String[] a : attempts) {
      assertThatThrownBy(() -> connect(driver, a[0], a[1], a[2].equals("tls"), "&allowPublicKeyRetrieval=true").close())
          .as("%s with password '%s'", a[0], a[1])
          .isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1045);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28000");
          });
    }
    // A refused connection is closed by the server; its count drops once the channel closes.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.connectionCount() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.connectionCount()).as("connections left open").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void userWithoutGrantGets1142Then1044UntilGranted(String driver) throws Exception {
    String user = "reader_" + driver;
    try (Connection root = connect(driver, "root", "", false, ""); Statement rs = root.createStatement()) {
      rs.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'r'");
      try (Connection c = connect(driver, user, "r", false, ""); Statement s = c.createStatement()) {
        assertRefused(() -> s.executeQuery("SELECT * FROM app.t"), 1142, "42000");
        assertRefused(() -> s.execute("USE app"), 1044, "42000");
        assertRefused(() -> s.execute("CREATE USER x"), 1227, "42000");
        rs.execute("GRANT SELECT ON app.* TO '" + user + "'@'%'");
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM app.t")) {
          assertThat(r.next()).isTrue();
          assertThat(r.getInt(1)).isEqualTo(2);
        }
        assertRefused(() -> s.executeUpdate("INSERT INTO app.t VALUES (3)"), 1142, "42000");
        // Server-prepared statements are checked too.
        try (var ps = c.prepareStatement("DELETE FROM app.t WHERE id = ?")) {
          ps.setInt(1, 1);
          assertRefused(ps::executeUpdate, 1142, "42000");
        }
      }
      // A database named at connect needs a privilege in it.
      rs.execute("REVOKE SELECT ON app.* FROM '" + user + "'@'%'");
      assertRefused(() -> DriverManager.getConnection("jdbc:" + driver + "://127.0.0.1:" + server.port()
          + "/app?user=" + user + "&password=r&sslMode=" + (driver.equals("mysql") ? "DISABLED" : "disable")).close(),
          1044, "42000");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void aNewPasswordReplacesTheOldOne(String driver) throws Exception {
    String user = "changer_" + driver;
    try (Connection root = connect(driver, "root", "", false, ""); Statement rs = root.createStatement()) {
      rs.execute("CREATE USER '" + user + "'@'%' IDENTIFIED WITH caching_sha2_password BY 'old'");
      try (Connection c = connect(driver, user, "old", true, "")) {
        assertServes(c);
      }
      rs.execute("ALTER USER '" + user + "'@'%' IDENTIFIED BY 'new'");
    }
    // The cached fast-path hash belongs to the old credential and no longer opens the door.
    assertRefused(() -> connect(driver, user, "old", false, "&allowPublicKeyRetrieval=true").close(), 1045, "28000");
    try (Connection c = connect(driver, user, "new", true, ""); Statement s = c.createStatement()) {
      assertServes(c);
      s.execute("SET PASSWORD = 'newer'");
    }
    try (Connection c = connect(driver, user, "newer", false, "&allowPublicKeyRetrieval=true")) {
      assertServes(c);
    }
  }
}
