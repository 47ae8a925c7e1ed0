package io.cairn.coprocessor.exec;

import io.cairn.codec.CodecException;
import io.cairn.codec.KeyRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The common part of table and index scans: walks the request's key ranges in order (in reverse
 * order for a descending scan) through a {@link KvSource}, decodes each pair into a row, and
 * stops early once it has read {@code pagingSize} pairs, remembering the last key read so the
 * client can resume after it ({@link #remainingRanges}).
 */
public abstract class ScanExecutor implements Executor {
  private final KvSource source;
  private final List<KeyRange> ranges;
  private final boolean desc;
  private final long pagingSize;
  protected final ExecContext ctx;
  private final Chunk chunk = new Chunk();
  private int rangeIndex;
  private KvSource.Cursor cursor;
  private long scanned;
  private byte[] lastKey;
  private boolean stoppedEarly;
  private boolean done;

  /**
   * @param ranges ascending, non-overlapping ranges
   * @param pagingSize stop after this many pairs; 0 for no paging
   */
  protected ScanExecutor(
      KvSource source, List<KeyRange> ranges, boolean desc, long pagingSize, ExecContext ctx) {
    this.source = source;
    this.ranges = List.copyOf(ranges);
    this.desc = desc;
    this.pagingSize = pagingSize;
    this.ctx = ctx;
  }

  /** Decodes one pair into a fresh row of evaluator values. */
  protected abstract Object[] decode(byte[] key, byte[] value);

  @Override
  public final Chunk next() {
    if (done) {
      return null;
    }
    ctx.checkDeadline();
    chunk.clear();
    while (!chunk.isFull()) {
      if (pagingSize > 0 && scanned >= pagingSize) {
        stoppedEarly = true;
        finish();
        break;
      }
      if (cursor == null) {
        if (rangeIndex >= ranges.size()) {
          finish();
          break;
        }
        KeyRange r = ranges.get(desc ? ranges.size() - 1 - rangeIndex : rangeIndex);
        rangeIndex++;
        cursor = source.open(r.start(), r.end(), desc);
      }
      if (!cursor.next()) {
        cursor.close();
        cursor = null;
        continue;
      }
      byte[] key = cursor.key();
      Object[] row;
      try {
        row = decode(key, cursor.value());
      } catch (CodecException | IllegalArgumentException e) {
        throw new CoprocessorException(
            CoprocessorException.Kind.CORRUPT_DATA,
            "cannot decode the pair at key " + java.util.HexFormat.of().formatHex(key) + ": "
                + e.getMessage(), e);
      }
      scanned++;
      lastKey = key;
      chunk.add(row);
    }
    return chunk.isEmpty() ? null : chunk;
  }

  private void finish() {
    done = true;
    if (cursor != null) {
      cursor.close();
      cursor = null;
    }
  }

  /** Pairs read so far. */
  public long scannedRows() {
    return scanned;
  }

  /** The last key read, or null before the first. */
  public byte[] lastKey() {
    return lastKey;
  }

  /** True if paging stopped the scan before its ranges were exhausted (there may be more). */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  public boolean desc() {
    return desc;
  }

  /**
   * The part of {@code ranges} a scan in direction {@code desc} has not read once it read up to
   * and including {@code lastKey}: what the next page asks for.
   */
  public static List<KeyRange> remainingRanges(List<KeyRange> ranges, byte[] lastKey, boolean desc) {
    List<KeyRange> out = new ArrayList<>();
    for (KeyRange r : ranges) {
      if (!desc) {
        byte[] after = java.util.Arrays.copyOf(lastKey, lastKey.length + 1);
        if (r.end().length > 0 && java.util.Arrays.compareUnsigned(r.end(), after) <= 0) {
          continue;
        }
        out.add(java.util.Arrays.compareUnsigned(r.start(), after) >= 0 ? r : new KeyRange(after, r.end()));
      } else {
        if (java.util.Arrays.compareUnsigned(r.start(), lastKey) >= 0) {
          continue;
        }
        boolean endAfter = r.end().length == 0 || java.util.Arrays.compareUnsigned(r.end(), lastKey) > 0;
        out.add(endAfter ? new KeyRange(r.start(), lastKey) : r);
      }
    }
    return out;
  }

  @Override
  public void close() {
    finish();
  }
}
