package io.cairn.coprocessor.exec;

/**
 * The ordered key/value pairs a scan executor pulls from: a consistent view of user keys (raw,
 * not MVCC-encoded) at the request's read timestamp. The storage node implements it over its
 * MVCC snapshot reader; tests implement it over a sorted map.
 *
 * <p>Contract: {@link #open} returns a cursor over the visible pairs of {@code [start, end)},
 * ascending or, when {@code reverse}, descending; a null or empty {@code end} is unbounded, a null
 * {@code start} is the lowest key. A key whose read is blocked by a lock surfaces as a {@link
 * KeyLockedException} from {@link Cursor#next()}; the pairs before it stay valid, so the caller
 * knows how far it got. The caller closes each cursor. A source is thread-safe; a cursor is not.
 */
public interface KvSource {

  Cursor open(byte[] start, byte[] end, boolean reverse);

  /** A forward-only cursor; {@link #key()} and {@link #value()} are valid after {@code next()} returned true. */
  interface Cursor extends AutoCloseable {
    /**
     * Advances to the next visible pair.
     *
     * @return false when the range is exhausted
     * @throws KeyLockedException if the next key is locked for this read
     */
    boolean next();

    /** The current key; the caller must not modify it. */
    byte[] key();

    /** The current value; the caller must not modify it. */
    byte[] value();

    @Override
    void close();
  }
}
