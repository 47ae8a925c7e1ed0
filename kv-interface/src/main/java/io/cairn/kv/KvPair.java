package io.cairn.kv;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key and its value as read from a {@link Retriever}. The value array belongs to the store or
 * buffer it came from: readers must not modify it.
 */
public record KvPair(Key key, byte[] value) {
  public KvPair {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvPair p && key.equals(p.key) && Arrays.equals(value, p.value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + HexFormat.of().formatHex(value);
  }
}
