package io.cairn.coprocessor.expr.types;

/**
 * The runtime representation class of a value, which decides how an expression is evaluated.
 *
 * <p>The Java class of a non-NULL value of each kind is fixed: {@link #INT} is {@code Long} (the 64
 * bits are unsigned when the field type has {@link FieldType#UNSIGNED_FLAG}), {@link #REAL} is
 * {@code Double}, {@link #DECIMAL} is {@code BigDecimal}, {@link #STRING} and {@link #JSON} are
 * {@code String}, {@link #DATETIME} is {@link io.cairn.coprocessor.expr.value.MysqlTime} and
 * {@link #DURATION} is {@link io.cairn.coprocessor.expr.value.MysqlDuration}. SQL NULL is Java
 * {@code null} for every kind.
 */
public enum EvalType {
  INT,
  REAL,
  DECIMAL,
  STRING,
  DATETIME,
  DURATION,
  JSON;

  public boolean isNumeric() {
    return this == INT || this == REAL || this == DECIMAL;
  }

  public boolean isTemporal() {
    return this == DATETIME || this == DURATION;
  }
}
