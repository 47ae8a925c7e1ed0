package io.cairn.storage.engine.rocksdb;

import static io.cairn.storage.engine.ColumnFamily.DEFAULT;
import static io.cairn.storage.engine.ColumnFamily.LOCK;
import static io.cairn.storage.engine.ColumnFamily.RAFT;
import static io.cairn.storage.engine.ColumnFamily.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.AbstractKvEngineContractTest;
import io.cairn.storage.engine.EngineException;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class RocksEngineContractTest extends AbstractKvEngineContractTest {

  /** Small sizes: tests open many engines on a shared 2-core machine. */
  static RocksEngineOptions.Builder testOptions(Path dir) {
    return RocksEngineOptions.builder(dir.resolve("db"))
        .blockCacheBytes(8L << 20)
        .memtableBudgetBytes(16L << 20)
        .writeBufferBytes(4L << 20)
        .maxBackgroundJobs(2);
  }

  @Override
  protected KvEngine openEngine(Path dir) {
    return RocksEngine.open(testOptions(dir).build());
  }

  private RocksEngine rocks() {
    return (RocksEngine) engine;
  }

  @Test
  void dataSurvivesCloseAndReopenInEveryFamily() {
    WriteBatch batch = engine.newWriteBatch();
    for (var cf : io.cairn.storage.engine.ColumnFamily.values()) {
      batch.put(cf, b("k"), b(cf.cfName()));
    }
    batch.put(DEFAULT, b("gone"), b("x"));
    batch.deleteRange(DEFAULT, b("g"), b("h"));
    engine.write(batch, true);
    engine.close();
    engine = openEngine(dir);
    for (var cf : io.cairn.storage.engine.ColumnFamily.values()) {
      assertThat(engine.get(cf, b("k"))).as(cf.name()).isEqualTo(b(cf.cfName()));
    }
    assertThat(engine.get(DEFAULT, b("gone"))).isNull();
  }

  @Test
  void flushedDataStaysReadableAndSized() {
    WriteBatch batch = engine.newWriteBatch();
    byte[] value = new byte[200];
    for (int i = 0; i < 5000; i++) {
      batch.put(WRITE, b(String.format("t1_r%06d", i)), value);
      if (batch.count() == 500) {
        engine.write(batch);
        batch.clear();
      }
    }
    assertThat(rocks().approximateKeys(WRITE, b("t1_"), b("t1`"))).isGreaterThan(0);
    rocks().flush();
    long all = rocks().approximateSize(WRITE, b("t1_"), b("t1`"));
    long half = rocks().approximateSize(WRITE, b("t1_r000000"), b("t1_r002500"));
    long none = rocks().approximateSize(WRITE, b("t2"), b("t3"));
    // Zero-filled values compress well: compare sizes only with each other.
    assertThat(all).isGreaterThan(0);
    assertThat(half).isLessThanOrEqualTo(all);
    assertThat(none).isZero();
    assertThat(rocks().approximateKeys(WRITE, b("t1_"), b("t1`"))).isGreaterThanOrEqualTo(5000);
    assertThat(rocks().approximateKeys(LOCK, b("t1_"), b("t1`"))).isZero();
    assertThat(engine.get(WRITE, b("t1_r004999"))).isEqualTo(value);
    assertThat(scan(engine, WRITE, b("t1_r001000"), b("t1_r001010"))).hasSize(10);
  }

  @Test
  void secondOpenOfTheSameDirectoryFailsWithAnIoError() {
    assertThatThrownBy(() -> RocksEngine.open(testOptions(dir).build()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("open failed (I/O error)")
        .hasMessageContaining(dir.resolve("db").toString())
        .extracting(e -> ((EngineException) e).kind())
        .isEqualTo(EngineException.Kind.IO_ERROR);
  }

  @Test
  void closeReleasesSnapshotsAndIteratorsLeftOpen() {
    put(RAFT, b("r"), b("1"));
    EngineSnapshot snap = engine.snapshot();
    snap.iterator(RAFT, b("a"), b("z"));
    engine.iterator(LOCK, null, b("z"));
    assertThat(rocks().openHandleCount()).isEqualTo(3);
    engine.close();
    assertThat(rocks().openHandleCount()).isZero();
  }

  @Test
  void closedIteratorsAndSnapshotsAreForgotten() {
    EngineSnapshot snap = engine.snapshot();
    var it = snap.iterator(DEFAULT, null, null);
    var live = engine.iterator(DEFAULT, b("a"), null);
    it.close();
    live.close();
    assertThat(rocks().openHandleCount()).isEqualTo(1);
    snap.close();
    assertThat(rocks().openHandleCount()).isZero();
  }

  @Test
  void rocksErrorsAreTranslatedByStatus() {
    EngineException full =
        RocksErrors.translate(
            "write",
            "/data",
            new RocksDBException(
                "IO error: No space left on device",
                new Status(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device")));
    assertThat(full.kind()).isEqualTo(EngineException.Kind.NO_SPACE);
    assertThat(full).hasMessage("RocksDB write failed (disk full) in /data: No space left on device");
    assertThat(full.retryable()).isFalse();

    EngineException busy =
        RocksErrors.translate(
            "get", "/data", new RocksDBException("busy", new Status(Status.Code.Busy, Status.SubCode.None, null)));
    assertThat(busy.kind()).isEqualTo(EngineException.Kind.BUSY);
    assertThat(busy.retryable()).isTrue();
    assertThat(busy).hasMessageContaining("busy");

    assertThat(RocksErrors.kindOf(new Status(Status.Code.Corruption, Status.SubCode.None, "bad block")))
        .isEqualTo(EngineException.Kind.CORRUPTION);
    assertThat(RocksErrors.translate("x", "/d", new RocksDBException("plain")).kind())
        .isEqualTo(EngineException.Kind.OTHER);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> RocksEngineOptions.builder(dir).blockCacheBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blockCacheBytes");
    assertThatThrownBy(() -> RocksEngineOptions.builder(dir).prefixLength(WRITE, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
    RocksEngineOptions defaults = RocksEngineOptions.defaults(dir);
    assertThat(defaults.blockCacheBytes()).isEqualTo(RocksEngineOptions.DEFAULT_BLOCK_CACHE_BYTES);
    assertThat(defaults.maxBackgroundJobs()).isBetween(2, 4);
    assertThat(defaults.prefixLengths()).isEmpty();
  }
}
