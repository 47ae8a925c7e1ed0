package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionFactory.Account;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts and privileges through the Session API: a second user is refused, then granted,
 * then revoked, and every session of the engine sees each change at its next statement; the
 * accounts survive an engine restart on the same store.
 */
class AccessControlTest {
  private MemoryStorage storage;
  private SqlEngine engine;
  private Session root;

  @BeforeEach
  void setUp() {
    storage = new MemoryStorage("access-test");
    engine = SqlEngine.open(storage);
    root = engine.open(1, "root", "127.0.0.1", null, Map.of());
    root.execute("CREATE DATABASE shop");
    root.execute("CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(10))");
    root.execute("INSERT INTO shop.items VALUES (1, 'pen'), (2, 'ink')");
    root.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'pw'");
  }

  @AfterEach
  void tearDown() {
    engine.close();
    storage.close();
  }

  @Test
  void secondUserIsRefusedThenGrantedThenRevoked() {
    Session app = engine.open(2, "app", "10.1.1.1", null, Map.of());
    assertRefused(() -> app.execute("SELECT * FROM shop.items"), 1142,
        "SELECT command denied to user 'app'@'10.1.1.1' for table 'shop.items'");
    assertRefused(() -> app.useDatabase("shop"), 1044,
        "Access denied for user 'app'@'10.1.1.1' to database 'shop'");
    assertRefused(() -> app.execute("USE shop"), 1044, null);
    assertRefused(() -> app.execute("CREATE DATABASE other"), 1044, null);
    assertRefused(() -> app.execute("DROP USER root"), 1227, null);

    root.execute("GRANT SELECT ON shop.* TO app");
    // The open session sees the grant at its next statement.
    app.useDatabase("shop");
    assertThat(rows(app.execute("SELECT name FROM items ORDER BY id"))).containsExactly(List.of("pen"), List.of("ink"));
    assertRefused(() -> app.execute("DELETE FROM items WHERE id = 1"), 1142,
        "DELETE command denied to user 'app'@'10.1.1.1' for table 'shop.items'");
    assertRefused(() -> app.execute("INSERT INTO items VALUES (3, 'cap')"), 1142, null);

    root.execute("GRANT INSERT ON shop.items TO app");
    app.execute("INSERT INTO items VALUES (3, 'cap')");
    assertThat(rows(root.execute("SELECT COUNT(*) FROM shop.items"))).containsExactly(List.of("3"));

    root.execute("REVOKE SELECT ON shop.* FROM app");
    assertRefused(() -> app.execute("SELECT * FROM items"), 1142, null);
    assertRefused(() -> app.execute("SELECT 1 FROM DUAL WHERE EXISTS (SELECT * FROM shop.items)"), 1142, null);
  }

  @Test
  void preparedQueriesAreCheckedAtEveryExecution() {
    root.execute("GRANT SELECT ON shop.items TO app");
    Session app = engine.open(2, "app", "h", "shop", Map.of());
    PreparedStatement ps = app.prepare("SELECT name FROM items WHERE id = ?");
    assertThat(rows(app.executePrepared(ps.id(), List.of(1L), List.of()))).containsExactly(List.of("pen"));
    root.execute("REVOKE SELECT ON shop.items FROM app");
    assertRefused(() -> app.executePrepared(ps.id(), List.of(1L), List.of()), 1142, null);
    // MySQL refuses at PREPARE already.
    assertRefused(() -> app.prepare("SELECT name FROM items WHERE id = ?"), 1142, null);
  }

  @Test
  void handshakeDatabaseNeedsAPrivilegeInIt() {
    assertRefused(() -> engine.open(2, "app", "h", "shop", Map.of()), 1044, null);
    root.execute("GRANT INSERT ON shop.items TO app");
    try (Session app = engine.open(3, "app", "h", "shop", Map.of())) {
      assertThat(app.currentDatabase()).contains("shop");
    }
  }

  @Test
  void aDroppedAccountLosesEverythingAtOnce() {
    root.execute("GRANT ALL ON *.* TO app");
    Session app = engine.open(2, "app", "h", null, Map.of());
    app.execute("CREATE DATABASE appdb");
    root.execute("DROP USER app");
    assertRefused(() -> app.execute("SELECT * FROM shop.items"), 1142, null);
    assertThat(engine.findAccount("app", "h")).isEmpty();
  }

  @Test
  void accountsSurviveARestartAndTheHandshakeSeesStoredCredentials() {
    root.execute("CREATE USER 'sha'@'localhost' IDENTIFIED WITH caching_sha2_password BY 's3cret'");
    root.execute("GRANT SELECT ON shop.* TO 'sha'@'localhost'");
    root.execute("CREATE USER 'root'@'localhost' IDENTIFIED BY 'rootpw'");
    // The session stays root@% (its account at login) although root@localhost now matches better.
    root.execute("GRANT ALL ON *.* TO 'root'@'localhost' WITH GRANT OPTION");
    root.execute("DROP USER 'root'@'%'");
    assertRefused(() -> root.execute("SELECT * FROM shop.items"), 1142, null);
    engine.close();

    engine = SqlEngine.open(storage);
    // The dropped bootstrap account does not come back.
    assertThat(engine.findAccount("root", "10.0.0.1")).isEmpty();
    Account rootAccount = engine.findAccount("root", "127.0.0.1").orElseThrow();
    assertThat(rootAccount.authenticationString()).isEqualTo("*79D0CF9A6A052105DA1E1181406C34FC87AAC89D");
    assertThat(rootAccount.nativeHash()).hasSize(20);
    Account sha = engine.findAccount("sha", "localhost").orElseThrow();
    assertThat(sha.plugin()).isEqualTo("caching_sha2_password");
    assertThat(sha.authenticationString()).startsWith("$A$005$").doesNotContain("s3cret");
    assertThat(io.cairn.sql.session.Passwords.checkSha2("s3cret".getBytes(StandardCharsets.UTF_8),
        sha.authenticationString())).isTrue();
    try (Session s = engine.open(5, "sha", "127.0.0.1", "shop", Map.of())) {
      assertThat(rows(s.execute("SELECT COUNT(*) FROM items"))).containsExactly(List.of("2"));
      assertRefused(() -> s.execute("DROP TABLE items"), 1142, null);
      assertThat(rows(s.execute("SHOW GRANTS"))).containsExactly(
          List.of("GRANT USAGE ON *.* TO `sha`@`localhost`"),
          List.of("GRANT SELECT ON `shop`.* TO `sha`@`localhost`"));
    }
  }

  @Test
  void grantNeedsGrantOptionAndThePrivilegesGranted() {
    root.execute("CREATE USER helper");
    root.execute("GRANT SELECT, INSERT ON shop.* TO app WITH GRANT OPTION");
    Session app = engine.open(2, "app", "h", null, Map.of());
    app.execute("GRANT SELECT ON shop.* TO helper");
    assertRefused(() -> app.execute("GRANT DELETE ON shop.* TO helper"), 1044, null);
    assertRefused(() -> app.execute("GRANT SELECT ON *.* TO helper"), 1227, null);
    assertRefused(() -> app.execute("GRANT UPDATE ON shop.items TO helper"), 1142,
        "GRANT command denied to user 'app'@'h' for table 'shop.items'");
    app.execute("GRANT INSERT ON shop.items TO helper WITH GRANT OPTION");
    app.execute("REVOKE SELECT ON shop.* FROM helper");
    assertThat(rows(root.execute("SHOW GRANTS FOR helper"))).containsExactly(
        List.of("GRANT USAGE ON *.* TO `helper`@`%`"),
        List.of("GRANT INSERT ON `shop`.`items` TO `helper`@`%` WITH GRANT OPTION"));
  }

  private static void assertRefused(ThrowingCallable call, int errno, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SqlException.class, e -> {
      assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno);
      if (message != null) {
        assertThat(e.getMessage()).isEqualTo(message);
      }
    });
  }

  private static List<List<String>> rows(StatementResult r) {
    StatementResult.Rows rows = (StatementResult.Rows) r;
    List<List<String>> out = new ArrayList<>();
    while (rows.next()) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < rows.columns().size(); i++) {
        line.add(rows.row().isNull(i) ? null : new String(rows.row().text(i), StandardCharsets.UTF_8));
      }
      out.add(line);
    }
    rows.close();
    return out;
  }
}
