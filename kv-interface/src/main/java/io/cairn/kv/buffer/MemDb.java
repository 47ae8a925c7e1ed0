package io.cairn.kv.buffer;

import io.cairn.kv.BufferEntry;
import io.cairn.kv.EntryTooLargeException;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.MemBuffer;
import io.cairn.kv.ReadOnlyTransactionException;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.TxnTooLargeException;
import java.util.ArrayDeque;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The in-memory {@link MemBuffer} every driver uses as its transaction write buffer (the role
 * of TiDB's memdb).
 *
 * <p>A sorted map from key to {@link BufferEntry} holds the current state. Each open stage
 * keeps an undo map: for every key the stage touched, the entry the key had when the stage
 * first touched it ({@code null} if it had none). Cleanup puts those entries back; release
 * hands the undo records to the enclosing stage, which keeps its own older record when it has
 * one, or drops them when no stage is left. So a write costs one map update plus, the first
 * time a stage touches a key, one undo record, and rollback costs time in proportion to the
 * keys the stage touched, not to the buffer's size.
 *
 * <p>Limits (TiDB's {@code txn-entry-size-limit} and {@code txn-total-size-limit}) are checked
 * before a write changes anything: a key plus value longer than the entry limit is an
 * {@link EntryTooLargeException}, and a write that would take {@link #size()} past the total
 * limit is a {@link TxnTooLargeException}.
 *
 * <p>Not thread-safe, as the interface says. Every write bumps a modification count that open
 * iterators check.
 */
public final class MemDb implements MemBuffer {

  /** TiDB's default {@code txn-entry-size-limit}: 6 MiB. */
  public static final long DEFAULT_ENTRY_SIZE_LIMIT = 6L << 20;
  /** TiDB's default {@code txn-total-size-limit}: 100 MiB. */
  public static final long DEFAULT_TOTAL_SIZE_LIMIT = 100L << 20;

  private final TreeMap<Key, BufferEntry> entries = new TreeMap<>();
  private final ArrayDeque<Stage> stages = new ArrayDeque<>();
  private final long entrySizeLimit;
  private final long totalSizeLimit;
  private final boolean readOnly;
  private long size;
  private long nextStageId = 1;
  private int modCount;

  private static final class Stage {
    final StagingHandle handle;
    /** Key → its entry before this stage first touched it; a null value means "absent". */
    final HashMap<Key, BufferEntry> undo = new HashMap<>();

    Stage(StagingHandle handle) {
      this.handle = handle;
    }
  }

  /** A buffer with TiDB's default limits. */
  public MemDb() {
    this(DEFAULT_ENTRY_SIZE_LIMIT, DEFAULT_TOTAL_SIZE_LIMIT);
  }

  /** A buffer with the given limits in bytes ({@link Long#MAX_VALUE} for none). */
  public MemDb(long entrySizeLimit, long totalSizeLimit) {
    this(entrySizeLimit, totalSizeLimit, false);
  }

  /**
   * A buffer with the given limits in bytes; when {@code readOnly} (the buffer of a transaction
   * begun read-only) every write throws {@link ReadOnlyTransactionException}.
   */
  public MemDb(long entrySizeLimit, long totalSizeLimit, boolean readOnly) {
    if (entrySizeLimit <= 0 || totalSizeLimit <= 0) {
      throw new IllegalArgumentException("size limits must be positive");
    }
    this.entrySizeLimit = entrySizeLimit;
    this.totalSizeLimit = totalSizeLimit;
    this.readOnly = readOnly;
  }

  @Override
  public byte[] get(Key key) {
    BufferEntry e = entries.get(requireKey(key));
    return e == null ? null : e.value();
  }

  @Override
  public BufferEntry lookup(Key key) {
    return entries.get(requireKey(key));
  }

  @Override
  public void set(Key key, byte[] value) {
    Objects.requireNonNull(value, "value");
    write(new BufferEntry(requireKey(key), value.clone()));
  }

  @Override
  public void delete(Key key) {
    write(new BufferEntry(requireKey(key), null));
  }

  private void write(BufferEntry entry) {
    if (readOnly) {
      throw new ReadOnlyTransactionException();
    }
    long entrySize = sizeOf(entry);
    if (entrySize > entrySizeLimit) {
      throw new EntryTooLargeException(entrySizeLimit, entrySize);
    }
    BufferEntry old = entries.get(entry.key());
    long newSize = size - (old == null ? 0 : sizeOf(old)) + entrySize;
    if (newSize > totalSizeLimit) {
      throw new TxnTooLargeException(newSize);
    }
    Stage top = stages.peekLast();
    if (top != null && !top.undo.containsKey(entry.key())) {
      top.undo.put(entry.key(), old);
    }
    entries.put(entry.key(), entry);
    size = newSize;
    modCount++;
  }

  @Override
  public StagingHandle staging() {
    StagingHandle h = new StagingHandle(stages.size() + 1, nextStageId++);
    stages.addLast(new Stage(h));
    return h;
  }

  @Override
  public void release(StagingHandle handle) {
    Stage top = stages.peekLast();
    if (top == null || !top.handle.equals(handle)) {
      throw new IllegalStateException("cannot release " + handle + ": innermost open stage is "
          + (top == null ? "none" : top.handle));
    }
    stages.removeLast();
    Stage parent = stages.peekLast();
    if (parent != null) {
      for (Map.Entry<Key, BufferEntry> u : top.undo.entrySet()) {
        if (!parent.undo.containsKey(u.getKey())) {
          parent.undo.put(u.getKey(), u.getValue());
        }
      }
    }
  }

  @Override
  public void cleanup(StagingHandle handle) {
    boolean open = false;
    for (Stage s : stages) {
      open |= s.handle.equals(handle);
    }
    if (!open) {
      return;
    }
    Stage top = stages.peekLast();
    if (!top.handle.equals(handle)) {
      throw new IllegalStateException("cannot clean up " + handle + " while inner stage " + top.handle + " is open");
    }
    stages.removeLast();
    for (Map.Entry<Key, BufferEntry> u : top.undo.entrySet()) {
      BufferEntry current = entries.get(u.getKey());
      size -= current == null ? 0 : sizeOf(current);
      if (u.getValue() == null) {
        entries.remove(u.getKey());
      } else {
        entries.put(u.getKey(), u.getValue());
        size += sizeOf(u.getValue());
      }
    }
    modCount++;
  }

  @Override
  public int stagingDepth() {
    return stages.size();
  }

  @Override
  public int len() {
    return entries.size();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public KvIterator<KvPair> iterate(KeyRange range) {
    return new Iter<>(view(range).values().iterator(), MemDb::toPair);
  }

  @Override
  public KvIterator<KvPair> iterateReverse(KeyRange range) {
    return new Iter<>(view(range).descendingMap().values().iterator(), MemDb::toPair);
  }

  @Override
  public KvIterator<BufferEntry> iterateEntries(KeyRange range) {
    return new Iter<>(view(range).values().iterator(), Function.identity());
  }

  @Override
  public KvIterator<BufferEntry> iterateEntriesReverse(KeyRange range) {
    return new Iter<>(view(range).descendingMap().values().iterator(), Function.identity());
  }

  private NavigableMap<Key, BufferEntry> view(KeyRange range) {
    if (range.isEmpty()) {
      return new TreeMap<>();
    }
    return range.isUnboundedEnd()
        ? entries.tailMap(range.start(), true)
        : entries.subMap(range.start(), true, range.end(), false);
  }

  private static KvPair toPair(BufferEntry e) {
    return e.isDelete() ? null : new KvPair(e.key(), e.value());
  }

  private static long sizeOf(BufferEntry e) {
    return (long) e.key().length() + (e.value() == null ? 0 : e.value().length);
  }

  private static Key requireKey(Key key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    return key;
  }

  /** Maps buffer entries through {@code fn}, skipping those it maps to null. */
  private final class Iter<T> implements KvIterator<T> {
    private final Iterator<BufferEntry> source;
    private final Function<BufferEntry, T> fn;
    private final int expectedModCount = modCount;
    private T next;
    private boolean closed;

    Iter(Iterator<BufferEntry> source, Function<BufferEntry, T> fn) {
      this.source = source;
      this.fn = fn;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      if (modCount != expectedModCount) {
        throw new ConcurrentModificationException("memory buffer written while iterating");
      }
      while (next == null && source.hasNext()) {
        next = fn.apply(source.next());
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T out = next;
      next = null;
      return out;
    }

    @Override
    public void close() {
      closed = true;
      next = null;
    }
  }
}
