package io.cairn.codec;

/**
 * What the codec needs to know about a column to encode or decode its values: the storage
 * kind and, where it matters, precision and scale. This is the codec's whole view of SQL
 * types, so that the coprocessor can decode keys and rows without the SQL layer.
 *
 * <p>Java values per kind (the value contract of {@link DatumCodec} and {@link RowCodec}; SQL
 * NULL is Java {@code null} for every kind):
 *
 * <table>
 *   <caption>kinds</caption>
 *   <tr><th>kind</th><th>Java value</th><th>precision / scale</th></tr>
 *   <tr><td>INT64</td><td>{@link Long}</td><td>unused</td></tr>
 *   <tr><td>UINT64</td><td>{@link Long} holding the unsigned bits (compare with
 *       {@link Long#compareUnsigned})</td><td>unused</td></tr>
 *   <tr><td>FLOAT64</td><td>{@link Double}</td><td>unused</td></tr>
 *   <tr><td>DECIMAL</td><td>{@link java.math.BigDecimal}; decoded with scale = scale</td>
 *       <td>precision 1..65 and scale 0..30, or 0/0 for "the value's own"</td></tr>
 *   <tr><td>BYTES</td><td>{@code byte[]} (strings as their bytes; collation sort keys are
 *       the SQL layer's)</td><td>unused</td></tr>
 *   <tr><td>DATE, DATETIME, TIMESTAMP</td><td>{@link MysqlTime} of the same type</td>
 *       <td>scale = fsp 0..6 (0 for DATE)</td></tr>
 *   <tr><td>DURATION (MySQL TIME)</td><td>{@link java.time.Duration}</td>
 *       <td>scale = fsp 0..6</td></tr>
 * </table>
 */
public record ColumnType(Kind kind, int precision, int scale) {

  /** Storage kinds. */
  public enum Kind {
    INT64,
    UINT64,
    FLOAT64,
    DECIMAL,
    BYTES,
    DATE,
    DATETIME,
    TIMESTAMP,
    DURATION
  }

  public static final ColumnType INT64 = new ColumnType(Kind.INT64, 0, 0);
  public static final ColumnType UINT64 = new ColumnType(Kind.UINT64, 0, 0);
  public static final ColumnType FLOAT64 = new ColumnType(Kind.FLOAT64, 0, 0);
  public static final ColumnType BYTES = new ColumnType(Kind.BYTES, 0, 0);
  public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);

  public ColumnType {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    switch (kind) {
      case DECIMAL -> {
        if (!(precision == 0 && scale == 0)) {
          DecimalCodec.binSize(precision, scale);
        }
      }
      case DATETIME, TIMESTAMP, DURATION -> {
        if (precision != 0 || scale < 0 || scale > MysqlTime.MAX_FSP) {
          throw new IllegalArgumentException(kind + " takes fsp 0..6, got " + scale);
        }
      }
      default -> {
        if (precision != 0 || scale != 0) {
          throw new IllegalArgumentException(kind + " takes no precision or scale");
        }
      }
    }
  }

  /** {@code DECIMAL(precision, scale)}. */
  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /** A decimal encoded with each value's own precision and scale (not order-preserving). */
  public static ColumnType decimal() {
    return new ColumnType(Kind.DECIMAL, 0, 0);
  }

  public static ColumnType datetime(int fsp) {
    return new ColumnType(Kind.DATETIME, 0, fsp);
  }

  public static ColumnType timestamp(int fsp) {
    return new ColumnType(Kind.TIMESTAMP, 0, fsp);
  }

  public static ColumnType duration(int fsp) {
    return new ColumnType(Kind.DURATION, 0, fsp);
  }

  /** The {@link MysqlTime.Type} of a DATE/DATETIME/TIMESTAMP column. */
  public MysqlTime.Type timeType() {
    return switch (kind) {
      case DATE -> MysqlTime.Type.DATE;
      case DATETIME -> MysqlTime.Type.DATETIME;
      case TIMESTAMP -> MysqlTime.Type.TIMESTAMP;
      default -> throw new IllegalStateException(kind + " is not a time kind");
    };
  }

  public boolean isTime() {
    return kind == Kind.DATE || kind == Kind.DATETIME || kind == Kind.TIMESTAMP;
  }
}
