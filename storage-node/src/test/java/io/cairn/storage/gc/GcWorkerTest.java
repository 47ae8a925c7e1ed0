package io.cairn.storage.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.txn.MvccTestKit;
import org.junit.jupiter.api.Test;

class GcWorkerTest {
  private final MvccTestKit t = new MvccTestKit();

  private void commitPut(String k, String v, long start, long commit) {
    t.mustPrewritePut(k, v, k, start);
    t.mustCommit(k, start, commit);
  }

  private int count(ColumnFamily cf) {
    int n = 0;
    try (EngineIterator it = t.engine.iterator(cf, null, null)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void gcKeepsSnapshotReadsAtAndAboveSafePoint() {
    String big = "x".repeat(300);
    commitPut("a", big + 1, 1, 2);
    commitPut("a", big + 2, 3, 4);
    t.mustPrewriteLock("a", "a", 5);
    t.mustCommit("a", 5, 6);
    t.mustRollback("a", 7);
    commitPut("a", "a9", 8, 9);
    commitPut("b", "b2", 1, 2);
    t.mustPrewriteDelete("b", "b", 3);
    t.mustCommit("b", 3, 4);
    commitPut("c", "c2", 1, 2);
    commitPut("c", "c12", 11, 12);
    assertThat(count(ColumnFamily.DEFAULT)).isEqualTo(2);

    GcWorker.Stats stats = t.mustGc(7);
    assertThat(stats.keysScanned()).isEqualTo(3);
    // Reads at the safe point and later are unchanged.
    t.mustGet("a", 7, big + 2);
    t.mustGet("a", 8, big + 2);
    t.mustGet("a", 9, "a9");
    t.mustGetNone("b", 7);
    t.mustGet("c", 7, "c2");
    t.mustGet("c", 12, "c12");
    // What is left: a@4 (newest put below), a@9; c@2, c@12; b has nothing.
    t.mustWritten("a", 3, 4, WriteType.PUT);
    t.mustNotWritten("a", 2);
    t.mustNotWritten("a", 6);
    t.mustNotWritten("a", 7);
    t.mustNotWritten("b", 4);
    t.mustNotWritten("b", 2);
    assertThat(count(ColumnFamily.WRITE)).isEqualTo(4);
    assertThat(count(ColumnFamily.DEFAULT)).isEqualTo(1);
    assertThat(stats.writesDeleted()).isEqualTo(5);
    assertThat(stats.valuesDeleted()).isEqualTo(1);
    // Idempotent.
    assertThat(t.mustGc(7).writesDeleted()).isZero();
  }

  @Test
  void gcRefusesUnresolvedLocksBelowSafePoint() {
    t.mustPrewritePut("k", "v", "k", 5);
    assertThatThrownBy(() -> t.mustGc(10)).isInstanceOf(IllegalStateException.class);
    t.mustGc(4);
    t.mustRollback("k", 5);
    t.mustGc(10);
    t.mustNotWritten("k", 5);
  }

  @Test
  void gcInRangeOnly() {
    commitPut("a", "1", 1, 2);
    commitPut("a", "2", 3, 4);
    commitPut("m", "1", 1, 2);
    commitPut("m", "2", 3, 4);
    t.gc.gc(TimeStamps.MAX - 1, MvccTestKit.b("b"), null);
    t.mustWritten("a", 1, 2, WriteType.PUT);
    t.mustNotWritten("m", 2);
    t.mustGet("m", 10, "2");
  }
}
