package io.cairn.storage.mvcc.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine calls a scan makes, counted through a wrapping {@link EngineReader}: the scanners
 * must walk their cursors instead of seeking per key, seek at most a bounded number of times
 * per key however many versions it has, and read CF default only for long values of non-key-only
 * scans.
 */
class MvccScannerCostTest {
  private static final int KEYS = 200;
  private final MemoryEngine engine = new MemoryEngine();
  private final List<EngineSnapshot> snapshots = new ArrayList<>();

  @AfterEach
  void close() {
    snapshots.forEach(EngineSnapshot::close);
    engine.close();
  }

  @Test
  void singleVersionKeysCostStepsNotSeeks() {
    writeKeys(1, 0, 10);
    for (boolean reverse : new boolean[] {false, true}) {
      Counting c = scanAll(100, false, reverse);
      assertThat(c.rows).isEqualTo(KEYS);
      assertThat(c.iterators).isEqualTo(2);
      assertThat(c.seeks).as("reverse=%s", reverse).isZero();
      assertThat(c.steps).as("reverse=%s", reverse).isLessThanOrEqualTo(KEYS + 1);
      assertThat(c.defaultGets).isZero();
    }
  }

  @Test
  void manyNewerVersionsCostABoundedNumberOfSeeksPerKey() {
    // 40 versions committed after the read ts above one visible version: more than SEEK_BOUND.
    writeKeys(41, 0, 10);
    for (boolean reverse : new boolean[] {false, true}) {
      Counting c = scanAll(15, false, reverse);
      assertThat(c.rows).isEqualTo(KEYS);
      assertThat(c.seeks).as("reverse=%s", reverse).isLessThanOrEqualTo(2L * KEYS);
      assertThat(c.steps).as("reverse=%s", reverse)
          .isLessThanOrEqualTo((2L * CursorScanner.SEEK_BOUND + 2) * KEYS);
    }
  }

  @Test
  void manyVisibleVersionsCostABoundedNumberOfSeeksPerKey() {
    writeKeys(41, 0, 10);
    for (boolean reverse : new boolean[] {false, true}) {
      Counting c = scanAll(1_000, false, reverse);
      assertThat(c.rows).isEqualTo(KEYS);
      assertThat(c.seeks).as("reverse=%s", reverse).isLessThanOrEqualTo(2L * KEYS);
      assertThat(c.steps).as("reverse=%s", reverse)
          .isLessThanOrEqualTo((2L * CursorScanner.SEEK_BOUND + 2) * KEYS);
    }
  }

  @Test
  void onlyValueScansOfLongValuesReadCfDefault() {
    writeKeys(1, Write.SHORT_VALUE_MAX_LEN + 1, 10);
    assertThat(scanAll(100, true, false).defaultGets).isZero();
    assertThat(scanAll(100, true, true).defaultGets).isZero();
    assertThat(scanAll(100, false, false).defaultGets).isEqualTo(KEYS);
    assertThat(scanAll(100, false, true).defaultGets).isEqualTo(KEYS);
  }

  /**
   * {@code versions} puts per key at commit_ts 10, 20, ... ({@code firstCommitTs} + 10·i), with
   * values of {@code valueLength} bytes (0 means 5 bytes).
   */
  private void writeKeys(int versions, int valueLength, long firstCommitTs) {
    WriteBatch batch = engine.newWriteBatch();
    for (int k = 0; k < KEYS; k++) {
      byte[] enc = Keys.encode(String.format("k%04d", k).getBytes(StandardCharsets.UTF_8));
      for (int v = 0; v < versions; v++) {
        long commitTs = firstCommitTs + 10L * v;
        long startTs = commitTs - 1;
        byte[] value = new byte[valueLength == 0 ? 5 : valueLength];
        boolean inline = value.length <= Write.SHORT_VALUE_MAX_LEN;
        if (!inline) {
          batch.put(ColumnFamily.DEFAULT, Keys.appendTs(enc, startTs), value);
        }
        batch.put(ColumnFamily.WRITE, Keys.appendTs(enc, commitTs),
            Write.of(WriteType.PUT, startTs, inline ? value : null).toBytes());
      }
    }
    engine.write(batch);
  }

  private Counting scanAll(long ts, boolean keyOnly, boolean reverse) {
    EngineSnapshot snap = engine.snapshot();
    snapshots.add(snap);
    Counting counting = new Counting(snap);
    try (MvccScanner s =
        MvccScanner.open(counting, null, null, ts, keyOnly, reverse, ReadOptions.DEFAULT)) {
      for (KvEntry e; (e = s.next()) != null; ) {
        assertThat(e.error()).isNull();
        counting.rows++;
      }
    }
    return counting;
  }

  /** Counts the calls a scan makes on its engine view. */
  private static final class Counting implements EngineReader {
    private final EngineReader inner;
    long iterators;
    long seeks;
    long steps;
    long defaultGets;
    long rows;

    Counting(EngineReader inner) {
      this.inner = inner;
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
      if (cf == ColumnFamily.DEFAULT) {
        defaultGets++;
      }
      return inner.get(cf, key);
    }

    @Override
    public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
      iterators++;
      EngineIterator it = inner.iterator(cf, lowerBound, upperBound);
      return new EngineIterator() {
        @Override
        public boolean seek(byte[] key) {
          seeks++;
          return it.seek(key);
        }

        @Override
        public boolean seekForPrev(byte[] key) {
          seeks++;
          return it.seekForPrev(key);
        }

        @Override
        public boolean seekToFirst() {
          return it.seekToFirst();
        }

        @Override
        public boolean seekToLast() {
          return it.seekToLast();
        }

        @Override
        public boolean next() {
          steps++;
          return it.next();
        }

        @Override
        public boolean prev() {
          steps++;
          return it.prev();
        }

        @Override
        public boolean valid() {
          return it.valid();
        }

        @Override
        public byte[] key() {
          return it.key();
        }

        @Override
        public byte[] value() {
          return it.value();
        }

        @Override
        public void close() {
          it.close();
        }
      };
    }
  }
}
