package io.cairn.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.DriverRegistry;
import io.cairn.kv.Storage;
import io.cairn.mysql.MySqlServer;
import io.cairn.mysql.MySqlServerConfig;
import io.cairn.mysql.auth.Scrambles;
import io.cairn.sql.engine.SqlEngine;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication through both drivers against the real SQL engine. The engine cannot CREATE
 * USER yet (its only account is {@code root} without a password), so the accounts with a
 * password are added by a {@link SessionFactory} decorator over the engine: the protocol
 * server's caching_sha2_password (full authentication via the RSA key exchange, then the fast
 * path) and mysql_native_password checks run unchanged against them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {

  private static final String SHA2_PASSWORD = "Sécret-sha2!";
  private static final String NATIVE_PASSWORD = "n4tive pw";

  private Storage storage;
  private SqlEngine engine;
  private MySqlServer server;
  /** The same engine behind a server whose greeting offers caching_sha2_password. */
  private MySqlServer sha2Server;

  @BeforeAll
  void start() {
    storage = DriverRegistry.load(getClass().getClassLoader()).open("unistore://jdbc-auth");
    engine = SqlEngine.open(storage);
    server = new MySqlServer(MySqlServerConfig.defaults("127.0.0.1", 0), new WithPasswordAccounts(engine));
    server.start();
    sha2Server = new MySqlServer(MySqlServerConfig.defaults("127.0.0.1", 0).withGreetingAuthPlugin("caching_sha2_password"),
        new WithPasswordAccounts(engine));
    sha2Server.start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (sha2Server != null) {
      sha2Server.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (storage != null) {
      storage.close();
    }
  }

  /** The engine's accounts plus {@code sha2user} and {@code nativeuser}, each with a password. */
  private record WithPasswordAccounts(SqlEngine engine) implements SessionFactory {
    @Override
    public Optional<Account> findAccount(String user, String host) {
      return switch (user) {
        case "sha2user" -> Optional.of(account(user, "caching_sha2_password", SHA2_PASSWORD));
        case "nativeuser" -> Optional.of(account(user, "mysql_native_password", NATIVE_PASSWORD));
        default -> engine.findAccount(user, host);
      };
    }

    @Override
    public Session open(long connectionId, String user, String host, String database, Map<String, String> attributes) {
      return engine.open(connectionId, user, host, database, attributes);
    }

    private static Account account(String user, String plugin, String password) {
      byte[] pw = password.getBytes(StandardCharsets.UTF_8);
      byte[] nativeHash = Scrambles.sha1(Scrambles.sha1(pw));
      byte[] sha256Hash = Scrambles.sha256(Scrambles.sha256(pw));
      // The protocol server checks the hashes only; the stored string is informational here.
      String stored = "*" + HexFormat.of().withUpperCase().formatHex(nativeHash);
      return new Account(user, "%", plugin, stored, nativeHash, sha256Hash);
    }
  }

  /** Connects with the credentials as properties: MariaDB's driver does not URL-decode them. */
  private Connection connect(String driver, String user, String password, String options) throws SQLException {
    return connect(server, driver, user, password, options);
  }

  private static Connection connect(MySqlServer server, String driver, String user, String password, String options)
      throws SQLException {
    String ssl = driver.equals("mysql") ? "sslMode=DISABLED" : "sslMode=disable";
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

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void rootWithoutPasswordOverEitherPlugin(String driver) throws Exception {
    try (Connection c = connect(driver, "root", "", "")) {
      assertServes(c);
    }
    // A greeting that offers caching_sha2_password: the client answers with that plugin.
    try (Connection c = connect(sha2Server, driver, "root", "", "")) {
      assertServes(c);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void cachingSha2PasswordFullThenFastAuthentication(String driver) throws Exception {
    // Each server keeps its own cache: the first connection to each authenticates fully over the
    // RSA public key (after an auth switch on the native greeting), the third takes the fast path.
    for (int i = 0; i < 3; i++) {
      try (Connection c = connect(i == 1 ? sha2Server : server, driver, "sha2user", SHA2_PASSWORD,
          "&allowPublicKeyRetrieval=true")) {
        assertServes(c);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void nativePasswordAccount(String driver) throws Exception {
    try (Connection c = connect(driver, "nativeuser", NATIVE_PASSWORD, "")) {
      assertServes(c);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "mariadb"})
  void wrongPasswordsAreRefusedWith1045(String driver) throws Exception {
    for (String[] userAndPassword : new String[][] {
        {"sha2user", "wrong"}, {"nativeuser", "wrong"}, {"root", "not-empty"}, {"nobody", ""}}) {
      assertThatThrownBy(() -> connect(driver, userAndPassword[0], userAndPassword[1], "&allowPublicKeyRetrieval=true").close())
          .as("%s with password '%s'", userAndPassword[0], userAndPassword[1])
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
}
