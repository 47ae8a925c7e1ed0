package io.cairn.kv;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One key of a {@link MemBuffer}: either a pending write of {@code value} or, when
 * {@code value} is {@code null}, a pending delete. The value array must not be modified.
 */
public record BufferEntry(Key key, byte[] value) {

  public BufferEntry {
    Objects.requireNonNull(key, "key");
  }

  public boolean isDelete() {
    return value == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BufferEntry e && key.equals(e.key) && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + (value == null ? " deleted" : "=" + HexFormat.of().formatHex(value));
  }
}
