package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Optimistic autocommit statements whose commit meets a write conflict run again. A storage wrapper lets
 * another session commit a conflicting write just before each of the first N commits of the
 * session under test.
 */
class AutocommitRetryTest {
  private MemoryStorage base;
  private SqlEngine engineA;
  private SqlEngine engineB;
  private Session a;
  private Session b;
  private final AtomicInteger interferences = new AtomicInteger();

  @BeforeEach
  void setUp() {
    base = new MemoryStorage("retry");
    engineA = SqlEngine.open(interfering(base));
    engineB = SqlEngine.open(base);
    a = engineA.open(1, "root", "h", null, Map.of());
    a.execute("CREATE DATABASE d");
    a.execute("USE d");
    a.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
    a.execute("INSERT INTO t VALUES (1, 1)");
    b = engineB.open(2, "root", "h", "d", Map.of());
    // Commit-time conflicts are an optimistic transaction's; a pessimistic autocommit
    // statement locks its rows before it commits (PessimisticTransactionTest).
    a.execute("SET tidb_txn_mode = 'optimistic'");
  }

  @AfterEach
  void tearDown() {
    engineA.close();
    engineB.close();
    base.close();
  }

  /** Before a commit, while interferences remain, session B updates the same row. */
  private Storage interfering(Storage storage) {
    return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> {
          Object out = invoke(storage, method, args);
          if (method.getName().equals("begin")) {
            Transaction txn = (Transaction) out;
            return Proxy.newProxyInstance(Transaction.class.getClassLoader(), new Class<?>[] {Transaction.class},
                (p, m, as) -> {
                  if (m.getName().equals("commit") && interferences.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    b.execute("UPDATE t SET v = v + 100 WHERE id = 1");
                  }
                  return invoke(txn, m, as);
                });
          }
          return out;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private String value() {
    StatementResult.Rows r = (StatementResult.Rows) a.execute("SELECT v FROM t WHERE id = 1");
    r.next();
    String v = new String(r.row().text(0), StandardCharsets.UTF_8);
    r.close();
    return v;
  }

  @Test
  void conflictingAutocommitStatementIsRetriedOverTheNewValue() {
    interferences.set(2);
    StatementResult.Update u = (StatementResult.Update) a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
    assertThat(u.affectedRows()).isEqualTo(1);
    assertThat(value()).isEqualTo("202");
  }

  @Test
  void conflictsBeyondTheAttemptsReachTheClient() {
    interferences.set(TxnManager.AUTOCOMMIT_ATTEMPTS);
    assertThatThrownBy(() -> a.execute("UPDATE t SET v = v + 1 WHERE id = 1"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(9007));
    assertThat(value()).isEqualTo(String.valueOf(1 + 100 * TxnManager.AUTOCOMMIT_ATTEMPTS));
  }

  @Test
  void explicitOptimisticTransactionsAreNotRetried() {
    a.execute("BEGIN");
    a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
    interferences.set(1);
    assertThatThrownBy(() -> a.execute("COMMIT"))
        .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(9007));
    assertThat(value()).isEqualTo("101");
  }
}
