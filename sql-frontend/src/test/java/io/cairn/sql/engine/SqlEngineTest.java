package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Session API contract of {@link SqlEngine} and {@link CairnSession} beyond what the golden files show. */
class SqlEngineTest {
  private MemoryStorage storage;
  private SqlEngine engine;
  private Session s;

  @BeforeEach
  void setUp() {
    storage = new MemoryStorage("engine-test");
    engine = SqlEngine.open(storage);
    s = engine.open(1, "root", "127.0.0.1", null, Map.of());
    s.execute("CREATE DATABASE db");
    s.execute("USE db");
    s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10), price DECIMAL(6,2), ts DATETIME(3), d DOUBLE)");
  }

  @AfterEach
  void tearDown() {
    engine.close();
    storage.close();
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

  @Test
  void rootAccountWithoutPasswordIsBootstrapped() {
    var root = engine.findAccount("root", "10.1.2.3").orElseThrow();
    assertThat(root.host()).isEqualTo("%");
    assertThat(root.plugin()).isEqualTo("mysql_native_password");
    assertThat(root.authenticationString()).isEmpty();
    assertThat(root.nativeHash()).isEmpty();
    assertThat(engine.findAccount("nobody", "localhost")).isEmpty();
  }

  @Test
  void openWithUnknownDatabaseFailsWith1049AndWithKnownSelectsIt() {
    assertThatThrownBy(() -> engine.open(2, "root", "h", "nosuch", Map.of()))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1049));
    try (Session other = engine.open(3, "root", "h", "DB", Map.of())) {
      assertThat(other.currentDatabase()).contains("db");
      assertThat(other.connectionId()).isEqualTo(3);
      assertThat(other.user()).isEqualTo("root");
    }
  }

  @Test
  void trackedStateChangesAreHandedOutOnce() {
    s.execute("CREATE DATABASE tracked");
    s.takeStateChanges();
    s.execute("USE tracked");
    assertThat(s.takeStateChanges()).containsExactly(new io.cairn.sql.session.SessionStateChange.Schema("tracked"));
    assertThat(s.takeStateChanges()).isEmpty();
    s.execute("SET time_zone = '+01:00', sql_mode = ''");
    assertThat(s.takeStateChanges()).containsExactly(
        new io.cairn.sql.session.SessionStateChange.SystemVariable("time_zone", "+01:00"));
    s.execute("SET time_zone = '+03:00'");
    s.execute("SET sql_mode = ''");
    assertThat(s.takeStateChanges()).as("a statement's changes are gone once the next one runs").isEmpty();
    s.execute("SET session_track_system_variables = '*'");
    s.takeStateChanges();
    s.execute("SET sql_mode = 'STRICT_TRANS_TABLES'");
    assertThat(s.takeStateChanges()).containsExactly(
        new io.cairn.sql.session.SessionStateChange.SystemVariable("sql_mode", "STRICT_TRANS_TABLES"));
    s.execute("SET session_track_system_variables = '', session_track_schema = OFF");
    s.execute("SET time_zone = '+02:00'");
    s.execute("USE tracked");
    assertThat(s.takeStateChanges()).isEmpty();
  }

  @Test
  void sessionStateFlagsFollowTransactions() {
    assertThat(s.autocommit()).isTrue();
    assertThat(s.inTransaction()).isFalse();
    s.execute("BEGIN");
    assertThat(s.inTransaction()).isTrue();
    s.execute("COMMIT");
    assertThat(s.inTransaction()).isFalse();
    s.execute("SET autocommit = 0");
    assertThat(s.autocommit()).isFalse();
    s.execute("INSERT INTO t (id) VALUES (1)");
    assertThat(s.inTransaction()).isTrue();
    s.execute("SET autocommit = 1");
    assertThat(s.inTransaction()).isFalse();
    assertThat(rows(s.execute("SELECT COUNT(*) FROM t"))).containsExactly(List.of("1"));
    assertThat(s.systemVariable("autocommit")).contains("ON");
    assertThat(s.systemVariable("version")).contains(SystemVariables.VERSION);
    assertThat(s.systemVariable("nosuch")).isEmpty();
  }

  @Test
  void preparedSelectAndDmlBindParameters() {
    PreparedStatement ins = s.prepare("INSERT INTO t (id, name, price, ts, d) VALUES (?, ?, ?, ?, ?)");
    assertThat(ins.parameterCount()).isEqualTo(5);
    assertThat(ins.columns()).isEmpty();
    for (long i = 1; i <= 3; i++) {
      StatementResult r = s.executePrepared(ins.id(), Arrays.asList(i, ("n" + i).getBytes(StandardCharsets.UTF_8),
          new BigDecimal("1.25").multiply(BigDecimal.valueOf(i)), new Temporal(false, 2024, 1, (int) i, 10, 20, 30, 500_000),
          1.5 * i), List.of());
      assertThat(((StatementResult.Update) r).affectedRows()).isEqualTo(1);
    }
    PreparedStatement sel = s.prepare("SELECT name, price, ts, d FROM t WHERE id = ?");
    assertThat(sel.parameterCount()).isEqualTo(1);
    assertThat(sel.columns()).extracting(ColumnMetadata::name).containsExactly("name", "price", "ts", "d");
    StatementResult.Rows r = (StatementResult.Rows) s.executePrepared(sel.id(), List.of(2L), List.of(false));
    assertThat(r.next()).isTrue();
    assertThat(new String(r.row().text(0), StandardCharsets.UTF_8)).isEqualTo("n2");
    assertThat(new String(r.row().text(1), StandardCharsets.UTF_8)).isEqualTo("2.50");
    assertThat(r.row().getTemporal(2)).isEqualTo(new Temporal(false, 2024, 1, 2, 10, 20, 30, 500_000));
    assertThat(r.row().getDouble(3)).isEqualTo(3.0);
    assertThat(r.next()).isFalse();
    PreparedStatement upd = s.prepare("UPDATE t SET name = ? WHERE id > ?");
    assertThat(((StatementResult.Update) s.executePrepared(upd.id(), Arrays.asList(null, 1L), List.of()))
        .affectedRows()).isEqualTo(2);
    assertThat(rows(s.executePrepared(sel.id(), List.of(3L), List.of()))).containsExactly(
        Arrays.asList(null, "3.75", "2024-01-03 10:20:30.500", "4.5"));
    s.closePrepared(sel.id());
    assertThatThrownBy(() -> s.executePrepared(sel.id(), List.of(1L), List.of()))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1243));
    assertThatThrownBy(() -> s.executePrepared(upd.id(), List.of(1L), List.of()))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1210));
  }

  @Test
  void preparedSelectIsReplannedAfterASchemaChange() {
    s.execute("INSERT INTO t (id, name) VALUES (1, 'a')");
    PreparedStatement sel = s.prepare("SELECT * FROM t");
    s.execute("ALTER TABLE t ADD COLUMN extra INT DEFAULT 5");
    StatementResult.Rows r = (StatementResult.Rows) s.executePrepared(sel.id(), List.of(), List.of());
    assertThat(r.columns()).extracting(ColumnMetadata::name).endsWith("extra");
    assertThat(rows(r)).containsExactly(Arrays.asList("1", "a", null, null, null, "5"));
  }

  @Test
  void resultMetadataCarriesMysqlTypes() {
    StatementResult.Rows r = (StatementResult.Rows) s.execute("SELECT id, name, price, 1 + 1, @@autocommit FROM t");
    assertThat(r.columns()).extracting(ColumnMetadata::type).containsExactly(MysqlType.LONG, MysqlType.VARCHAR,
        MysqlType.NEWDECIMAL, MysqlType.LONGLONG, MysqlType.LONGLONG);
    assertThat(r.columns().get(0).flags() & ColumnMetadata.NOT_NULL_FLAG).isNotZero();
    r.close();
  }

  @Test
  void failedStatementRollsBackOnlyItselfInsideATransaction() {
    s.execute("BEGIN");
    s.execute("INSERT INTO t (id) VALUES (1)");
    assertThatThrownBy(() -> s.execute("INSERT INTO t (id) VALUES (2), (3), (1)"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1062));
    assertThat(s.warnings()).singleElement().satisfies(w -> assertThat(w.code()).isEqualTo(1062));
    s.execute("COMMIT");
    assertThat(rows(s.execute("SELECT id FROM t ORDER BY id"))).containsExactly(List.of("1"));
  }

  @Test
  void killQueryCancelsAndKillConnectionEndsTheOtherSession() {
    Session other = engine.open(7, "root", "h", "db", Map.of());
    s.execute("KILL QUERY 7");
    // A cancel only affects a running statement: the next one starts afresh.
    assertThat(rows(other.execute("SELECT 1"))).containsExactly(List.of("1"));
    s.execute("KILL 7");
    assertThatThrownBy(() -> other.execute("SELECT 1"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1317));
    assertThatThrownBy(() -> s.execute("KILL 7"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1094));
  }

  @Test
  void cancelInterruptsARunningScan() throws Exception {
    for (int i = 0; i < 3000; i += 500) {
      StringBuilder sql = new StringBuilder("INSERT INTO t (id) VALUES ");
      for (int j = i; j < i + 500; j++) {
        sql.append(j > i ? "," : "").append('(').append(j).append(')');
      }
      s.execute(sql.toString());
    }
    CairnSession cs = (CairnSession) s;
    cs.cancel();
    // The flag is cleared when a statement starts, so cancel from inside the scan's first batch.
    Session other = engine.open(8, "root", "h", "db", Map.of());
    Thread killer = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        other.execute("KILL QUERY 1");
      }
    });
    killer.start();
    try {
      assertThatThrownBy(() -> {
        for (int i = 0; i < 200; i++) {
          s.execute("SELECT COUNT(*) FROM t a JOIN t b ON a.id = b.id");
        }
      }).isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1317));
    } finally {
      killer.interrupt();
      killer.join();
      other.close();
    }
  }

  @Test
  void processListShowsEveryOpenSession() {
    Session other = engine.open(9, "app", "10.0.0.9", null, Map.of());
    assertThat(rows(s.execute("SELECT ID, USER, HOST FROM information_schema.PROCESSLIST ORDER BY ID")))
        .containsExactly(List.of("1", "root", "127.0.0.1"), List.of("9", "app", "10.0.0.9"));
    other.close();
    assertThat(rows(s.execute("SHOW PROCESSLIST"))).hasSize(1);
    // A cached (or prepared) plan over PROCESSLIST still sees the sessions of the moment.
    assertThat(rows(s.execute("SELECT ID FROM information_schema.PROCESSLIST WHERE ID > 0"))).hasSize(1);
    Session third = engine.open(10, "app", "h", null, Map.of());
    assertThat(rows(s.execute("SELECT ID FROM information_schema.PROCESSLIST WHERE ID > 0"))).hasSize(2);
    PreparedStatement ps = s.prepare("SELECT COUNT(*) FROM information_schema.PROCESSLIST");
    third.close();
    assertThat(rows(s.executePrepared(ps.id(), List.of(), List.of()))).containsExactly(List.of("1"));
  }

  @Test
  void closeRollsBackAndEngineCloseLeavesStorageOpen() {
    s.execute("BEGIN");
    s.execute("INSERT INTO t (id) VALUES (1)");
    s.close();
    s.close();
    try (Session again = engine.open(2, "root", "h", "db", Map.of())) {
      assertThat(rows(again.execute("SELECT COUNT(*) FROM t"))).containsExactly(List.of("0"));
    }
    engine.close();
    assertThatThrownBy(() -> engine.open(3, "root", "h", null, Map.of())).isInstanceOf(SqlException.class);
    try (SqlEngine reopened = SqlEngine.open(storage); Session again = reopened.open(4, "root", "h", "db", Map.of())) {
      assertThat(rows(again.execute("SHOW TABLES"))).containsExactly(List.of("t"));
    }
  }

  @Test
  void multiByteTextRoundTrips() {
    s.execute("INSERT INTO t (id, name) VALUES (1, 'héllo中文')");
    assertThat(rows(s.execute("SELECT name, CHAR_LENGTH(name) FROM t WHERE name = 'héllo中文'")))
        .containsExactly(List.of("héllo中文", "7"));
  }

  @Test
  void unsupportedStatementsFailLoudly() {
    assertThatThrownBy(() -> s.execute("EXPLAIN ANALYZE SELECT 1"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1235));
    assertThatThrownBy(() -> s.execute("CREATE TABLE e (a ENUM('x'))"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1235));
    assertThatThrownBy(() -> s.execute(""))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1065));
  }
}
