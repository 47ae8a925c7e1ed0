package io.cairn.kv;

/**
 * Reads single values. The root of the read-side interfaces, as TiDB's {@code kv.Getter}.
 *
 * <p>Implementations say whether they are thread-safe; every method here fails with
 * {@link KvException} (or a subclass) when the store cannot answer.
 */
public interface Getter {

  /**
   * The value stored under {@code key}, or {@code null} when there is none (never written,
   * or deleted). The returned array must not be modified. An empty array is a present, empty
   * value.
   *
   * @throws IllegalArgumentException if {@code key} is empty
   */
  byte[] get(Key key);
}
