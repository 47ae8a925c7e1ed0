package io.cairn.kv;

import java.util.Objects;

/**
 * The keys {@code k} with {@code start <= k < end}. An empty {@code start} is the beginning of
 * the key space; an empty {@code end} is unbounded (there is no largest key, so "up to the end"
 * cannot be written as a key). A range with {@code start == end} is empty.
 */
public record KeyRange(Key start, Key end) {

  private static final KeyRange ALL = new KeyRange(Key.EMPTY, Key.EMPTY);

  /**
   * @throws IllegalArgumentException if {@code end} is bounded and smaller than {@code start}
   */
  public KeyRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isEmpty() && start.compareTo(end) > 0) {
      throw new IllegalArgumentException("key range start " + start + " > end " + end);
    }
  }

  /** Every key. */
  public static KeyRange all() {
    return ALL;
  }

  /** Keys from {@code start} (inclusive) to the end of the key space. */
  public static KeyRange from(Key start) {
    return new KeyRange(start, Key.EMPTY);
  }

  /** Keys before {@code end} (exclusive); an empty {@code end} means every key. */
  public static KeyRange until(Key end) {
    return new KeyRange(Key.EMPTY, end);
  }

  /** Exactly the keys that start with {@code prefix} (see {@link Key#prefixEnd()}). */
  public static KeyRange prefix(Key prefix) {
    return new KeyRange(prefix, prefix.prefixEnd());
  }

  /** The range holding exactly {@code key}. */
  public static KeyRange point(Key key) {
    return new KeyRange(key, key.next());
  }

  public boolean isUnboundedEnd() {
    return end.isEmpty();
  }

  /** True when no key lies in the range. */
  public boolean isEmpty() {
    return !end.isEmpty() && start.compareTo(end) >= 0;
  }

  public boolean contains(Key key) {
    return key.compareTo(start) >= 0 && (end.isEmpty() || key.compareTo(end) < 0);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + (end.isEmpty() ? "+inf" : end.toString()) + ")";
  }
}
