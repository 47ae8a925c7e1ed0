package io.cairn.storage.mvcc;

import static io.cairn.storage.txn.MvccTestKit.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.txn.MvccTestKit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotReaderScanTest {
  private final MvccTestKit t = new MvccTestKit();

  /**
   * a: put@10, put@20 · b: put@10, delete@20 · c: lock record@15 over put@5 · d: rollback only ·
   * e: put@10 (long value), then a prewrite lock of txn 25 · f: pessimistic lock only ·
   * g: put@30.
   */
  @BeforeEach
  void setUp() {
    commitPut("a", "a10", 9, 10);
    commitPut("a", "a20", 19, 20);
    commitPut("b", "b10", 9, 10);
    t.mustPrewriteDelete("b", "b", 19);
    t.mustCommit("b", 19, 20);
    commitPut("c", "c5", 4, 5);
    t.mustPrewriteLock("c", "c", 14);
    t.mustCommit("c", 14, 15);
    t.mustRollback("d", 12);
    commitPut("e", "e".repeat(300), 9, 10);
    t.mustPrewritePut("e", "e25", "e", 25);
    t.mustAcquirePessimisticLock("f", "f", 26, 26);
    commitPut("g", "g30", 29, 30);
  }

  private void commitPut(String k, String v, long start, long commit) {
    t.mustPrewritePut(k, v, k, start);
    t.mustCommit(k, start, commit);
  }

  @Test
  void forwardScanAcrossVersionsDeletesAndLocks() {
    assertThat(t.scan(null, null, 100, 12, false))
        .containsExactly("a=a10", "b=b10", "c=c5", "e=" + "e".repeat(300));
    assertThat(t.scan(null, null, 100, 20, false))
        .containsExactly("a=a20", "c=c5", "e=" + "e".repeat(300));
    assertThat(t.scan(null, null, 100, 40, false)).containsExactly("a=a20", "c=c5", "e!", "g=g30");
    assertThat(t.scan("b", "g", 100, 40, false)).containsExactly("c=c5", "e!");
    assertThat(t.scan(null, null, 2, 40, false)).containsExactly("a=a20", "c=c5");
    assertThat(t.scan(null, null, 0, 40, false)).isEmpty();
  }

  @Test
  void reverseScanAcrossVersionsDeletesAndLocks() {
    assertThat(t.scan(null, null, 100, 40, true)).containsExactly("g=g30", "e!", "c=c5", "a=a20");
    assertThat(t.scan(null, null, 100, 12, true))
        .containsExactly("e=" + "e".repeat(300), "c=c5", "b=b10", "a=a10");
    assertThat(t.scan("a", "e", 100, 12, true)).containsExactly("c=c5", "b=b10", "a=a10");
    assertThat(t.scan(null, null, 2, 40, true)).containsExactly("g=g30", "e!");
    assertThat(t.scan("b", "c", 100, 40, true)).isEmpty();
  }

  @Test
  void keyOnlyAndBypassedLocks() {
    List<KvEntry> keys = t.reader.scan(null, null, 100, 40, true, false,
        new ReadOptions(java.util.Set.of(25L), java.util.Set.of()));
    assertThat(keys).extracting(e -> MvccTestKit.s(e.key())).containsExactly("a", "c", "e", "g");
    assertThat(keys).allMatch(e -> e.value() == null && e.error() == null);
  }

  @Test
  void batchGetOmitsAbsentKeysAndReportsLocks() {
    List<KvEntry> got = t.reader.batchGet(List.of(b("a"), b("b"), b("e"), b("zz")), 40,
        ReadOptions.DEFAULT);
    assertThat(got).hasSize(2);
    assertThat(MvccTestKit.s(got.get(0).value())).isEqualTo("a20");
    assertThat(got.get(1).error()).isInstanceOf(KeyError.Locked.class);
  }
}
