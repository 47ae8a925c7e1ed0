package io.cairn.sql.catalog;

import java.util.Objects;

/**
 * A column of an index, by name, with an optional prefix length: characters of a character
 * column, bytes of a byte column, -1 for the whole value.
 */
public record IndexColumn(String name, int prefixLength) {
  public IndexColumn {
    Objects.requireNonNull(name, "name");
    if (prefixLength == 0 || prefixLength < -1) {
      throw new IllegalArgumentException("prefix length must be positive or -1: " + prefixLength);
    }
  }

  public static IndexColumn of(String name) {
    return new IndexColumn(name, -1);
  }

  public boolean hasPrefix() {
    return prefixLength > 0;
  }
}
