package io.cairn.sql.ddl;

import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.SqlType;
import java.util.Objects;

/**
 * A column as CREATE TABLE or ALTER TABLE ADD COLUMN declares it.
 *
 * @param nullable {@code TRUE} for an explicit NULL, {@code FALSE} for NOT NULL, {@code null}
 *     when not given (nullable unless part of the primary key)
 * @param defaultValue {@link ColumnDefault#NONE} when no DEFAULT clause was given
 * @param primaryKey an inline {@code PRIMARY KEY}
 * @param unique an inline {@code UNIQUE [KEY]}
 * @param collation an explicit COLLATE, or null for the table's
 * @param comment never null
 */
public record ColumnDefinition(
    String name,
    SqlType type,
    Boolean nullable,
    ColumnDefault defaultValue,
    boolean autoIncrement,
    boolean primaryKey,
    boolean unique,
    boolean onUpdateCurrentTimestamp,
    String collation,
    String comment) {

  public ColumnDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(comment, "comment");
  }

  /** A nullable column without options. */
  public static ColumnDefinition of(String name, SqlType type) {
    return new ColumnDefinition(name, type, null, ColumnDefault.NONE, false, false, false, false,
        null, "");
  }

  public ColumnDefinition notNull() {
    return new ColumnDefinition(name, type, false, defaultValue, autoIncrement, primaryKey,
        unique, onUpdateCurrentTimestamp, collation, comment);
  }

  public ColumnDefinition explicitNull() {
    return new ColumnDefinition(name, type, true, defaultValue, autoIncrement, primaryKey,
        unique, onUpdateCurrentTimestamp, collation, comment);
  }

  public ColumnDefinition withDefault(ColumnDefault def) {
    return new ColumnDefinition(name, type, nullable, def, autoIncrement, primaryKey, unique,
        onUpdateCurrentTimestamp, collation, comment);
  }

  public ColumnDefinition withAutoIncrement() {
    return new ColumnDefinition(name, type, nullable, defaultValue, true, primaryKey, unique,
        onUpdateCurrentTimestamp, collation, comment);
  }

  public ColumnDefinition withPrimaryKey() {
    return new ColumnDefinition(name, type, nullable, defaultValue, autoIncrement, true, unique,
        onUpdateCurrentTimestamp, collation, comment);
  }

  public ColumnDefinition withUnique() {
    return new ColumnDefinition(name, type, nullable, defaultValue, autoIncrement, primaryKey,
        true, onUpdateCurrentTimestamp, collation, comment);
  }

  public ColumnDefinition withOnUpdateCurrentTimestamp() {
    return new ColumnDefinition(name, type, nullable, defaultValue, autoIncrement, primaryKey,
        unique, true, collation, comment);
  }

  public ColumnDefinition withCollation(String newCollation) {
    return new ColumnDefinition(name, type, nullable, defaultValue, autoIncrement, primaryKey,
        unique, onUpdateCurrentTimestamp, newCollation, comment);
  }

  public ColumnDefinition withComment(String newComment) {
    return new ColumnDefinition(name, type, nullable, defaultValue, autoIncrement, primaryKey,
        unique, onUpdateCurrentTimestamp, collation, newComment);
  }
}
