package io.cairn.kv;

/**
 * Writes values. Writes are buffered by the implementation ({@link MemBuffer},
 * {@link Transaction}) and become visible to other readers only when the transaction commits.
 */
public interface Mutator {

  /**
   * Stores {@code value} under {@code key}, replacing any earlier value. The value is copied,
   * so the caller may reuse its array. An empty value is a legal, present value.
   *
   * @throws IllegalArgumentException if {@code key} is empty
   * @throws EntryTooLargeException or {@link TxnTooLargeException} when a size limit would be
   *     exceeded; the write then has no effect
   */
  void set(Key key, byte[] value);

  /**
   * Removes {@code key}. Deleting a key that does not exist is not an error.
   *
   * @throws IllegalArgumentException if {@code key} is empty
   */
  void delete(Key key);
}
