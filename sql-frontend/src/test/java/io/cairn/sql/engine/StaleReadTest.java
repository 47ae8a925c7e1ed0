package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.ReplicaReadMode;
import io.cairn.kv.Storage;
import io.cairn.kv.Timestamps;
import io.cairn.kv.Transaction;
import io.cairn.kv.buffer.MemDb;
import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.testing.ForwardingStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stale reads (TiDB's {@code AS OF TIMESTAMP}, {@code tidb_read_staleness}, {@code START|SET
 * TRANSACTION READ ONLY AS OF}) and {@code tidb_replica_read}, over a {@link MemoryStorage} and
 * an engine that share one manual clock: row 1 is {@code 'old'} at {@link #then} and
 * {@code 'new'} ten seconds later; the clock then stands twenty seconds after {@link #then}.
 */
class StaleReadTest {
  private static final LocalDateTime START = LocalDateTime.of(2025, 3, 4, 5, 6, 7);

  private final AtomicLong millis = new AtomicLong(START.toInstant(ZoneOffset.UTC).toEpochMilli());
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  };
  private MemoryStorage memory;
  private RecordingStorage storage;
  private SqlEngine engine;
  private final List<Session> sessions = new ArrayList<>();
  private Session s;
  /** The time row 1 was 'old', as SQL text in UTC. */
  private String then;

  @BeforeEach
  void setUp() {
    memory = new MemoryStorage("stale", clock, MemDb.DEFAULT_ENTRY_SIZE_LIMIT, MemDb.DEFAULT_TOTAL_SIZE_LIMIT);
    storage = new RecordingStorage(memory);
    engine = SqlEngine.open(storage, new EngineConfig(100, 16, 64, clock, 16));
    s = session();
    s.execute("CREATE DATABASE d");
    s.execute("USE d");
    s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
    s.execute("CREATE TABLE u (id INT PRIMARY KEY)");
    s.execute("INSERT INTO t VALUES (1, 'old'), (2, 'two')");
    s.execute("INSERT INTO u VALUES (1)");
    advance(10);
    then = text(now());
    advance(10);
    s.execute("UPDATE t SET v = 'new' WHERE id = 1");
    advance(10);
  }

  @AfterEach
  void tearDown() {
    sessions.forEach(Session::close);
    engine.close();
    memory.close();
  }

  private Session session() {
    Session session = engine.open(sessions.size() + 1, "root", "h", sessions.isEmpty() ? null : "d", Map.of());
    sessions.add(session);
    return session;
  }

  private void advance(int seconds) {
    millis.addAndGet(seconds * 1000L);
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static String text(LocalDateTime t) {
    return "'" + t.toString().replace('T', ' ') + "'";
  }

  private static List<String> rows(StatementResult result) {
    List<String> out = new ArrayList<>();
    try (StatementResult.Rows r = (StatementResult.Rows) result) {
      while (r.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
          byte[] b = r.row().text(i);
          cells.add(b == null ? "NULL" : new String(b, StandardCharsets.UTF_8));
        }
        out.add(String.join(",", cells));
      }
    }
    return out;
  }

  private List<String> rows(String sql) {
    return rows(s.execute(sql));
  }

  private void fails(String sql, int errno, String message) {
    assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SqlException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((SqlException) e).errno()).isEqualTo(errno);
  }

  @Test
  void asOfTimestampReadsTheRowsOfThatTime() {
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP " + then + " WHERE id = 1")).containsExactly("old");
    assertThat(rows("SELECT * FROM t AS OF TIMESTAMP " + then + " ORDER BY id")).containsExactly("1,old", "2,two");
    assertThat(rows("SELECT x.v FROM t x AS OF TIMESTAMP " + then + " WHERE x.id = 1")).containsExactly("old");
    assertThat(rows("SELECT x.v FROM t AS OF TIMESTAMP " + then + " AS x WHERE x.id = 1")).containsExactly("old");
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP NOW() - INTERVAL 25 SECOND WHERE id = 1")).containsExactly("old");
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP NOW() - INTERVAL 5 SECOND WHERE id = 1")).containsExactly("new");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
    // The plan cache holds the text without its clause: a plan serves any timestamp.
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP " + then + " WHERE id > 0 ORDER BY id")).containsExactly("old", "two");
    assertThat(rows("SELECT v FROM t WHERE id > 0 ORDER BY id")).containsExactly("new", "two");
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP " + then + " WHERE id > 0 ORDER BY id")).containsExactly("old", "two");
    assertThat(rows("SELECT t.v, u.id FROM t AS OF TIMESTAMP " + then + " JOIN u AS OF TIMESTAMP " + then
        + " ON t.id = u.id")).containsExactly("old,1");
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP TIDB_BOUNDED_STALENESS(" + then + ", NOW()) WHERE id = 1"))
        .containsExactly("old");
    assertThat(s.inTransaction()).isFalse();
  }

  @Test
  void theTimeIsInTheSessionTimeZone() {
    s.execute("SET time_zone = '+08:00'");
    String local = text(LocalDateTime.parse(then.substring(1, then.length() - 1).replace(' ', 'T')).plusHours(8));
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP " + local + " WHERE id = 1")).containsExactly("old");
    // The same text in UTC+8 is eight hours earlier, before the table existed.
    fails("SELECT v FROM t AS OF TIMESTAMP " + then + " WHERE id = 1", 1146, "doesn't exist");
  }

  @Test
  void aStaleReadSendsItsTimestampAndReplicaOptionsToTheStorage() {
    s.execute("SET tidb_replica_read = 'follower'");
    storage.begun.clear();
    rows("SELECT v FROM t AS OF TIMESTAMP " + then + " WHERE id = 1");
    BeginOptions o = storage.begun.get(storage.begun.size() - 1);
    assertThat(o.staleRead()).isTrue();
    assertThat(o.readOnly()).isTrue();
    assertThat(o.replicaRead()).isEqualTo(ReplicaReadMode.FOLLOWER);
    long ms = LocalDateTime.parse(then.substring(1, then.length() - 1).replace(' ', 'T')).toInstant(ZoneOffset.UTC)
        .toEpochMilli();
    assertThat(o.startTs()).hasValue(Timestamps.compose(ms, 0));
  }

  @Test
  void everyTableOfAStatementReadsAtOneTime() {
    fails("SELECT * FROM t AS OF TIMESTAMP " + then + ", u", 8135, "can not set different time in the as of");
    fails("SELECT * FROM t, u AS OF TIMESTAMP " + then, 8135, "can not set different time in the as of");
    fails("SELECT * FROM t AS OF TIMESTAMP " + then + " WHERE id IN (SELECT id FROM u)", 8135,
        "can not set different time in the as of");
    fails("SELECT * FROM t AS OF TIMESTAMP " + then + ", u AS OF TIMESTAMP NOW()", 8135,
        "can not set different time in the as of");
    assertThat(rows("SELECT COUNT(*) FROM t AS OF TIMESTAMP " + then + ", u AS OF TIMESTAMP " + then))
        .containsExactly("2");
  }

  @Test
  void badTimesFail() {
    fails("SELECT * FROM t AS OF TIMESTAMP '2099-01-01 00:00:00'", 9006, "cannot set read timestamp to a future time");
    fails("SELECT * FROM t AS OF TIMESTAMP NOW() + INTERVAL 1 HOUR", 9006, "future time");
    fails("SELECT * FROM t AS OF TIMESTAMP NULL", 8135, "cannot be NULL");
    fails("SELECT * FROM t AS OF TIMESTAMP 'not a time'", 8135, "cannot be NULL");
    fails("SELECT * FROM t AS OF TIMESTAMP TIDB_BOUNDED_STALENESS(NOW(), " + then + ")", 8135, "lower bound");
    fails("SELECT * FROM t AS OF TIMESTAMP (SELECT NOW())", 1064, "near '(SELECT NOW())'");
    fails("SELECT * FROM (SELECT * FROM t) AS OF TIMESTAMP NOW()", 1064, "You have an error in your SQL syntax");
  }

  @Test
  void aTimeBeforeTheGcSafePointFails() {
    memory.setGcSafePoint(memory.currentTimestamp());
    fails("SELECT * FROM t AS OF TIMESTAMP " + then, 9006, "GC life time is shorter than transaction duration");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
  }

  @Test
  void aStaleReadSeesTheSchemaOfItsTime() {
    s.execute("ALTER TABLE t ADD COLUMN w INT DEFAULT 7");
    s.execute("CREATE TABLE later (id INT PRIMARY KEY)");
    advance(1);
    assertThat(rows("SELECT * FROM t AS OF TIMESTAMP " + then + " WHERE id = 1")).containsExactly("1,old");
    assertThat(rows("SELECT * FROM t WHERE id = 1")).containsExactly("1,new,7");
    // Through the plan cache: the catalog version of the read is part of the key.
    for (int i = 0; i < 2; i++) {
      assertThat(rows("SELECT * FROM t AS OF TIMESTAMP " + then + " WHERE id > 0 ORDER BY id"))
          .containsExactly("1,old", "2,two");
      assertThat(rows("SELECT * FROM t WHERE id > 0 ORDER BY id")).containsExactly("1,new,7", "2,two,7");
    }
    fails("SELECT * FROM later AS OF TIMESTAMP " + then, 1146, "doesn't exist");
  }

  @Test
  void onlyPlainReadsOutsideTransactionsReadAtAPastTime() {
    s.execute("BEGIN");
    fails("SELECT * FROM t AS OF TIMESTAMP " + then, 8135, "as of timestamp can't be set in transaction.");
    s.execute("ROLLBACK");
    s.execute("CREATE TABLE copy (id INT PRIMARY KEY, v VARCHAR(10))");
    fails("INSERT INTO copy SELECT * FROM t AS OF TIMESTAMP " + then, 8135, "only a SELECT");
    fails("SELECT * FROM t AS OF TIMESTAMP " + then + " FOR UPDATE", 1792, "READ ONLY");
    assertThat(rows("SELECT COUNT(*) FROM copy")).containsExactly("0");
  }

  @Test
  void readStalenessMovesAutocommitReadsIntoThePast() {
    s.execute("SET tidb_read_staleness = -25");
    assertThat(rows("SELECT @@tidb_read_staleness")).containsExactly("-25");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("old");
    assertThat(rows("SELECT v FROM t ORDER BY id")).containsExactly("old", "two");
    // DML and explicit transactions read the newest data.
    s.execute("UPDATE t SET v = CONCAT(v, '!') WHERE id = 1");
    s.execute("BEGIN");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new!");
    s.execute("COMMIT");
    // AS OF wins over the variable.
    advance(1);
    assertThat(rows("SELECT v FROM t AS OF TIMESTAMP NOW() WHERE id = 1")).containsExactly("new!");
    s.execute("SET tidb_read_staleness = ''");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new!");
    fails("SET tidb_read_staleness = 5", 1231, "tidb_read_staleness");
    fails("SET GLOBAL tidb_read_staleness = -5", 1228, "SESSION variable");
    // Another session is not affected.
    Session other = session();
    assertThat(rows(other.execute("SELECT v FROM t WHERE id = 1"))).containsExactly("new!");
  }

  @Test
  void aReadOnlyAsOfTransactionReadsThePastAndRefusesWrites() {
    s.execute("START TRANSACTION READ ONLY AS OF TIMESTAMP " + then);
    assertThat(s.inTransaction()).isTrue();
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("old");
    assertThat(rows("SELECT v FROM t ORDER BY id")).containsExactly("old", "two");
    fails("INSERT INTO t VALUES (3, 'x')", 1792, "Cannot execute statement in a READ ONLY transaction.");
    fails("UPDATE t SET v = 'x' WHERE id = 99", 1792, "READ ONLY");
    fails("DELETE FROM t WHERE id = 1", 1792, "READ ONLY");
    fails("SELECT * FROM t WHERE id = 1 FOR UPDATE", 1792, "READ ONLY");
    fails("SELECT v FROM t AS OF TIMESTAMP " + then, 8135, "can't be set in transaction");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("old");
    s.execute("COMMIT");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
    assertThat(rows("SELECT COUNT(*) FROM t")).containsExactly("2");
  }

  @Test
  void aFutureTimeStartsNoTransaction() {
    fails("START TRANSACTION READ ONLY AS OF TIMESTAMP '2099-01-01 00:00:00'", 9006, "future");
    assertThat(s.inTransaction()).isFalse();
    fails("SET TRANSACTION READ ONLY AS OF TIMESTAMP '2099-01-01 00:00:00'", 9006, "future");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
  }

  @Test
  void setTransactionAsOfAppliesToTheNextTransactionOnly() {
    s.execute("SET TRANSACTION READ ONLY AS OF TIMESTAMP " + then);
    fails("SELECT v FROM t AS OF TIMESTAMP " + then, 8135, "can't use select as of while already set transaction as of");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("old");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
    assertThat(rows("SELECT @@transaction_read_only")).containsExactly("0");

    s.execute("SET TRANSACTION READ ONLY AS OF TIMESTAMP " + then);
    fails("START TRANSACTION READ ONLY AS OF TIMESTAMP " + then, 8135, "forbidden after set transaction");
    s.execute("BEGIN");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("old");
    fails("INSERT INTO t VALUES (3, 'x')", 1792, "READ ONLY");
    s.execute("COMMIT");
    s.execute("BEGIN");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
    fails("SET TRANSACTION READ ONLY AS OF TIMESTAMP " + then, 1568, "in progress");
    s.execute("COMMIT");

    s.execute("SET TRANSACTION READ ONLY AS OF TIMESTAMP " + then);
    fails("UPDATE t SET v = 'x' WHERE id = 1", 1792, "READ ONLY");
    assertThat(rows("SELECT v FROM t WHERE id = 1")).containsExactly("new");
    fails("SET SESSION TRANSACTION READ ONLY AS OF TIMESTAMP " + then, 1235, "AS OF TIMESTAMP");
  }

  @Test
  void preparedStatementsEvaluateTheirTimeOnEveryExecution() {
    PreparedStatement ps = s.prepare("SELECT v FROM t AS OF TIMESTAMP ? WHERE id = ?");
    assertThat(ps.parameterCount()).isEqualTo(2);
    PreparedStatement timeOnly = s.prepare("SELECT COUNT(*) FROM t AS OF TIMESTAMP ?");
    assertThat(timeOnly.parameterCount()).isEqualTo(1);
    byte[] old = then.substring(1, then.length() - 1).getBytes(StandardCharsets.UTF_8);
    byte[] current = text(now()).replace("'", "").getBytes(StandardCharsets.UTF_8);
    assertThat(rows(s.executePrepared(ps.id(), List.of(old, 1L), null))).containsExactly("old");
    assertThat(rows(s.executePrepared(ps.id(), List.of(current, 1L), null))).containsExactly("new");
    assertThat(rows(s.executePrepared(ps.id(), List.of(old, 2L), null))).containsExactly("two");
  }

  @Test
  void explainPlansAStaleQuery() {
    assertThat(rows("EXPLAIN SELECT * FROM t AS OF TIMESTAMP " + then + " WHERE id > 1")).isNotEmpty();
  }

  @Test
  void replicaReadFollowsTheVariableForReadsOnly() {
    assertThat(rows("SELECT @@tidb_replica_read")).containsExactly("leader");
    s.execute("SET tidb_replica_read = 'leader-and-follower'");
    storage.begun.clear();
    rows("SELECT v FROM t WHERE id = 1");
    s.execute("UPDATE t SET v = 'x' WHERE id = 2");
    s.execute("BEGIN");
    rows("SELECT v FROM t WHERE id = 1");
    s.execute("COMMIT");
    assertThat(storage.begun).extracting(BeginOptions::replicaRead).containsExactly(
        ReplicaReadMode.LEADER_AND_FOLLOWER, ReplicaReadMode.LEADER, ReplicaReadMode.LEADER_AND_FOLLOWER);

    s.execute("SET tidb_replica_read = 'CLOSEST-ADAPTIVE'");
    assertThat(rows("SELECT @@tidb_replica_read")).containsExactly("closest-adaptive");
    storage.begun.clear();
    rows("SELECT v FROM t WHERE id = 1");
    assertThat(storage.begun).extracting(BeginOptions::replicaRead).containsExactly(ReplicaReadMode.CLOSEST);
    fails("SET tidb_replica_read = 'learner'", 1231, "Variable 'tidb_replica_read' can't be set to the value of 'learner'");
    s.execute("SET tidb_replica_read = ''");
    assertThat(rows("SELECT @@tidb_replica_read")).containsExactly("leader");

    s.execute("SET GLOBAL tidb_replica_read = 'follower'");
    Session other = session();
    assertThat(rows(other.execute("SELECT @@tidb_replica_read"))).containsExactly("follower");
    assertThat(rows("SELECT @@tidb_replica_read")).containsExactly("leader");
  }

  /** A storage that remembers the options of every transaction begun. */
  private static final class RecordingStorage extends ForwardingStorage {
    final List<BeginOptions> begun = new CopyOnWriteArrayList<>();

    RecordingStorage(Storage inner) {
      super(inner);
    }

    @Override
    public Transaction begin(BeginOptions options) {
      begun.add(options);
      return inner.begin(options);
    }
  }
}
