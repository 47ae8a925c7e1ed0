package io.cairn.sql.catalog;

import java.util.Objects;

/** A database (schema): its id, name, default character set and collation. */
public record DatabaseInfo(long id, String name, String charset, String collation) {
  public DatabaseInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(collation, "collation");
  }

  public DatabaseInfo withName(String newName) {
    return new DatabaseInfo(id, newName, charset, collation);
  }
}
