package io.cairn.coprocessor.expr.types;

/**
 * The resolved type of a column or an expression: MySQL column type, flags, length, decimals and,
 * for strings, collation and coercibility. Immutable plain data, so that an expression tree can be
 * carried in a coprocessor request as (type code, flags, flen, decimal, collation id).
 *
 * <p>{@code flen} is the display length or, for DECIMAL, the precision; {@code decimal} is the
 * scale for DECIMAL, the fractional-seconds precision (fsp, 0–6) for DATETIME/TIMESTAMP/TIME, and
 * {@link #NOT_FIXED_DEC} for a DOUBLE without a fixed scale. {@link #UNSPECIFIED} means unknown.
 */
public record FieldType(
    MysqlType type, int flags, int flen, int decimal, Collation collation, Coercibility coercibility) {

  public static final int NOT_NULL_FLAG = 1;
  public static final int UNSIGNED_FLAG = 32;
  public static final int BINARY_FLAG = 128;
  public static final int UNSPECIFIED = -1;
  /** MySQL's marker for "no fixed number of decimals" on a floating-point type. */
  public static final int NOT_FIXED_DEC = 31;
  /** MySQL's limits on DECIMAL precision and scale. */
  public static final int MAX_DECIMAL_PRECISION = 65;

  public static final int MAX_DECIMAL_SCALE = 30;

  public FieldType {
    if (type == null) {
      throw new IllegalArgumentException("type is required");
    }
    if (collation == null) {
      collation = type.evalType() == EvalType.STRING ? Collation.UTF8MB4_GENERAL_CI : Collation.BINARY;
    }
    if (coercibility == null) {
      coercibility = type.evalType() == EvalType.STRING ? Coercibility.IMPLICIT : Coercibility.NUMERIC;
    }
  }

  public static FieldType bigint() {
    return new FieldType(MysqlType.LONGLONG, 0, 20, 0, null, null);
  }

  public static FieldType unsignedBigint() {
    return new FieldType(MysqlType.LONGLONG, UNSIGNED_FLAG, 20, 0, null, null);
  }

  public static FieldType of(MysqlType type) {
    return new FieldType(type, 0, UNSPECIFIED, defaultDecimal(type), null, null);
  }

  public static FieldType doubleType() {
    return new FieldType(MysqlType.DOUBLE, 0, 22, NOT_FIXED_DEC, null, null);
  }

  public static FieldType decimal(int precision, int scale) {
    return new FieldType(MysqlType.NEWDECIMAL, 0, precision, scale, null, null);
  }

  public static FieldType varchar(Collation collation, Coercibility coercibility) {
    return new FieldType(MysqlType.VARCHAR, 0, UNSPECIFIED, 0, collation, coercibility);
  }

  public static FieldType varchar() {
    return varchar(Collation.UTF8MB4_GENERAL_CI, Coercibility.IMPLICIT);
  }

  public static FieldType date() {
    return new FieldType(MysqlType.DATE, 0, 10, 0, null, null);
  }

  public static FieldType datetime(int fsp) {
    return new FieldType(MysqlType.DATETIME, 0, fsp == 0 ? 19 : 20 + fsp, fsp, null, null);
  }

  public static FieldType timestamp(int fsp) {
    return new FieldType(MysqlType.TIMESTAMP, 0, fsp == 0 ? 19 : 20 + fsp, fsp, null, null);
  }

  public static FieldType time(int fsp) {
    return new FieldType(MysqlType.TIME, 0, fsp == 0 ? 10 : 11 + fsp, fsp, null, null);
  }

  /** The type of a bare NULL literal. */
  public static FieldType nullType() {
    return new FieldType(MysqlType.NULL, 0, 0, 0, Collation.BINARY, Coercibility.IGNORABLE);
  }

  private static int defaultDecimal(MysqlType type) {
    return switch (type) {
      case FLOAT, DOUBLE -> NOT_FIXED_DEC;
      default -> 0;
    };
  }

  public EvalType evalType() {
    return type.evalType();
  }

  public boolean isUnsigned() {
    return (flags & UNSIGNED_FLAG) != 0;
  }

  public boolean isNotNull() {
    return (flags & NOT_NULL_FLAG) != 0;
  }

  public boolean isNullType() {
    return type == MysqlType.NULL;
  }

  /** Fractional-seconds precision of a temporal type (0 for others). */
  public int fsp() {
    return evalType().isTemporal() && decimal > 0 && decimal <= 6 ? decimal : 0;
  }

  public FieldType withFlags(int newFlags) {
    return new FieldType(type, newFlags, flen, decimal, collation, coercibility);
  }

  public FieldType withCollation(Collation c, Coercibility co) {
    return new FieldType(type, flags, flen, decimal, c, co);
  }

  public FieldType withDecimal(int d) {
    return new FieldType(type, flags, flen, d, collation, coercibility);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(type.name());
    if (type == MysqlType.NEWDECIMAL) {
      sb.append('(').append(flen).append(',').append(decimal).append(')');
    } else if (evalType().isTemporal() && decimal > 0) {
      sb.append('(').append(decimal).append(')');
    }
    if (isUnsigned()) {
      sb.append(" UNSIGNED");
    }
    if (evalType() == EvalType.STRING && !isNullType()) {
      sb.append(' ').append(collation.sqlName());
    }
    return sb.toString();
  }
}
