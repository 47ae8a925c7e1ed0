package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pessimistic transactions, the default mode of explicit transactions: DML and
 * {@code SELECT ... FOR UPDATE} lock what they touch and read current values, so concurrent
 * read-modify-write transactions serialize on their locks instead of failing at commit.
 */
class PessimisticTransactionTest {
  private MemoryStorage storage;
  private SqlEngine engine;
  private final AtomicLong ids = new AtomicLong();
  private final List<Session> sessions = new ArrayList<>();

  @BeforeEach
  void setUp() {
    storage = new MemoryStorage("pessimistic");
    engine = SqlEngine.open(storage);
    Session s = session();
    s.execute("CREATE DATABASE d");
    s.execute("USE d");
    s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT, u INT, UNIQUE KEY u_idx (u))");
    s.execute("INSERT INTO t VALUES (1, 1, 10), (2, 2, 20)");
  }

  @AfterEach
  void tearDown() {
    sessions.forEach(Session::close);
    engine.close();
    storage.close();
  }

  private Session session() {
    Session s = engine.open(ids.incrementAndGet(), "root", "h", sessions.isEmpty() ? null : "d", Map.of());
    sessions.add(s);
    return s;
  }

  private static String scalar(Session s, String sql) {
    try (StatementResult.Rows r = (StatementResult.Rows) s.execute(sql)) {
      assertThat(r.next()).as("a row from %s", sql).isTrue();
      byte[] text = r.row().text(0);
      return text == null ? null : new String(text, StandardCharsets.UTF_8);
    }
  }

  private static int errnoOf(Throwable t) {
    Throwable c = t instanceof ExecutionException ? t.getCause() : t;
    assertThat(c).isInstanceOf(SqlException.class);
    return ((SqlException) c).errno();
  }

  /** Runs {@code sql} on {@code s} in another thread. */
  private static CompletableFuture<StatementResult> async(Session s, String sql) {
    return CompletableFuture.supplyAsync(() -> s.execute(sql));
  }

  /** Asserts that {@code f} is still waiting (for a lock) after a short while. */
  private static void assertBlocked(CompletableFuture<?> f) throws Exception {
    assertThatThrownBy(() -> f.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
  }

  @Test
  void aSecondUpdaterWaitsForTheFirstAndUpdatesItsCommittedValue() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
    b.execute("BEGIN");
    CompletableFuture<StatementResult> bUpdate = async(b, "UPDATE t SET v = v + 10 WHERE id = 1");
    assertBlocked(bUpdate);
    a.execute("COMMIT");
    assertThat(((StatementResult.Update) bUpdate.get(10, TimeUnit.SECONDS)).affectedRows()).isEqualTo(1);
    b.execute("COMMIT");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("12");
  }

  /**
   * sysbench's delete-then-insert of one id, on an id an earlier workload deleted: the first
   * DELETE finds no row but locks its key, so the second waits instead of letting both insert.
   */
  @Test
  void aDeleteByKeyOfAMissingRowLocksTheKeyAgainstAConcurrentDeleteAndInsert() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    assertThat(((StatementResult.Update) a.execute("DELETE FROM t WHERE id = 7")).affectedRows()).isZero();
    b.execute("BEGIN");
    CompletableFuture<StatementResult> bDelete = async(b, "DELETE FROM t WHERE id = 7");
    assertBlocked(bDelete);
    a.execute("INSERT INTO t VALUES (7, 70, 700)");
    a.execute("COMMIT");
    assertThat(((StatementResult.Update) bDelete.get(10, TimeUnit.SECONDS)).affectedRows()).isEqualTo(1);
    b.execute("INSERT INTO t VALUES (7, 71, 701)");
    b.execute("COMMIT");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 7")).isEqualTo("71");
  }

  @Test
  void concurrentReadModifyWriteTransactionsLoseNoUpdateAndNeverConflict() throws Exception {
    int threads = 4;
    int perThread = 25;
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Session s = session();
      workers.add(CompletableFuture.runAsync(() -> {
        for (int n = 0; n < perThread; n++) {
          s.execute("BEGIN");
          long v = Long.parseLong(scalar(s, "SELECT v FROM t WHERE id = 2 FOR UPDATE"));
          s.execute("UPDATE t SET v = " + (v + 1) + " WHERE id = 2");
          s.execute("COMMIT");
        }
      }));
    }
    for (CompletableFuture<Void> w : workers) {
      w.get(60, TimeUnit.SECONDS);
    }
    assertThat(scalar(session(), "SELECT v FROM d.t WHERE id = 2")).isEqualTo(String.valueOf(2 + threads * perThread));
  }

  @Test
  void forUpdateReadsTheCurrentValueWhilePlainReadsKeepTheSnapshot() {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("1");
    b.execute("UPDATE t SET v = 5 WHERE id = 1");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("1");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1 FOR UPDATE")).isEqualTo("5");
    a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("6");
    a.execute("COMMIT");
    assertThat(scalar(b, "SELECT v FROM t WHERE id = 1")).isEqualTo("6");
  }

  @Test
  void selectForUpdateBlocksWritersUntilCommit() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    scalar(a, "SELECT v FROM t WHERE id = 1 FOR UPDATE");
    CompletableFuture<StatementResult> bUpdate = async(b, "UPDATE t SET v = 100 WHERE id = 1");
    assertBlocked(bUpdate);
    a.execute("UPDATE t SET v = 7 WHERE id = 1");
    a.execute("COMMIT");
    bUpdate.get(10, TimeUnit.SECONDS);
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("100");
  }

  @Test
  void aForUpdateThatAnIndexCouldAnswerAloneStillLocksTheRow() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("CREATE INDEX v_idx ON t (v)");
    a.execute("BEGIN");
    assertThat(scalar(a, "SELECT v FROM t WHERE v BETWEEN 1 AND 1 FOR UPDATE")).isEqualTo("1");
    CompletableFuture<StatementResult> bUpdate = async(b, "UPDATE t SET u = 11 WHERE id = 1");
    assertBlocked(bUpdate);
    a.execute("COMMIT");
    bUpdate.get(10, TimeUnit.SECONDS);
  }

  @Test
  void nowaitFailsAtOnceWith3572AndSkipLockedIsRefused() {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    a.execute("UPDATE t SET v = 3 WHERE id = 1");
    b.execute("BEGIN");
    assertThatThrownBy(() -> b.execute("SELECT v FROM t WHERE id = 1 FOR UPDATE NOWAIT"))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(3572));
    assertThat(scalar(b, "SELECT v FROM t WHERE id = 2 FOR UPDATE NOWAIT")).isEqualTo("2");
    assertThatThrownBy(() -> b.execute("SELECT v FROM t WHERE id = 2 FOR UPDATE SKIP LOCKED"))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(1235));
  }

  @Test
  void aLockWaitTimeoutFailsTheStatementButKeepsTheTransaction() {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    a.execute("UPDATE t SET v = 3 WHERE id = 1");
    b.execute("SET innodb_lock_wait_timeout = 1");
    b.execute("BEGIN");
    b.execute("UPDATE t SET v = 30 WHERE id = 2");
    long start = System.nanoTime();
    assertThatThrownBy(() -> b.execute("UPDATE t SET v = 31 WHERE id = 1"))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(1205));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    b.execute("COMMIT");
    a.execute("COMMIT");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("3");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 2")).isEqualTo("30");
  }

  @Test
  void aDeadlockRollsBackOneTransactionAndTheOtherCommits() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    b.execute("BEGIN");
    a.execute("UPDATE t SET v = 100 WHERE id = 1");
    b.execute("UPDATE t SET v = 200 WHERE id = 2");
    CompletableFuture<StatementResult> aWaits = async(a, "UPDATE t SET v = 101 WHERE id = 2");
    assertBlocked(aWaits);
    assertThatThrownBy(() -> b.execute("UPDATE t SET v = 201 WHERE id = 1"))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(1213));
    aWaits.get(10, TimeUnit.SECONDS);
    a.execute("COMMIT");
    // b's transaction is gone: its first update was rolled back with it.
    b.execute("COMMIT");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("100");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 2")).isEqualTo("101");
  }

  @Test
  void aConcurrentInsertOfTheSameKeyWaitsThenFindsTheDuplicate() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("BEGIN");
    a.execute("INSERT INTO t VALUES (5, 5, 50)");
    b.execute("BEGIN");
    CompletableFuture<StatementResult> bInsert = async(b, "INSERT INTO t VALUES (6, 6, 50)");
    assertBlocked(bInsert);
    a.execute("COMMIT");
    assertThatThrownBy(() -> bInsert.get(10, TimeUnit.SECONDS))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(1062));
    b.execute("INSERT INTO t VALUES (6, 6, 60)");
    b.execute("COMMIT");
    assertThat(scalar(a, "SELECT COUNT(*) FROM t")).isEqualTo("4");
  }

  @Test
  void optimisticModeStillConflictsAtCommit() {
    Session a = session();
    Session b = session();
    a.execute("SET tidb_txn_mode = 'optimistic'");
    a.execute("BEGIN");
    a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
    b.execute("UPDATE t SET v = v + 10 WHERE id = 1");
    assertThatThrownBy(() -> a.execute("COMMIT")).satisfies(e -> assertThat(errnoOf(e)).isEqualTo(9007));
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("11");
    assertThatThrownBy(() -> a.execute("SET tidb_txn_mode = 'chaotic'"))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(1231));
  }

  @Test
  void readCommittedSeesEachCommitAndUnsupportedLevelsAreRefused() {
    Session a = session();
    Session b = session();
    a.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    a.execute("BEGIN");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("1");
    b.execute("UPDATE t SET v = 8 WHERE id = 1");
    assertThat(scalar(a, "SELECT v FROM t WHERE id = 1")).isEqualTo("8");
    a.execute("COMMIT");
    assertThatThrownBy(() -> a.execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
        .satisfies(e -> assertThat(errnoOf(e)).isEqualTo(8048));
  }

  @Test
  void autocommitOffTransactionsArePessimisticToo() throws Exception {
    Session a = session();
    Session b = session();
    a.execute("SET autocommit = 0");
    a.execute("UPDATE t SET v = 40 WHERE id = 2");
    CompletableFuture<StatementResult> bUpdate = async(b, "UPDATE t SET v = v + 1 WHERE id = 2");
    assertBlocked(bUpdate);
    a.execute("COMMIT");
    bUpdate.get(10, TimeUnit.SECONDS);
    assertThat(scalar(b, "SELECT v FROM t WHERE id = 2")).isEqualTo("41");
  }
}
