package io.cairn.sql.engine;

import io.cairn.codec.ColumnType;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.engine.KeyConditions.AnyOf;
import io.cairn.sql.engine.KeyConditions.Condition;
import io.cairn.sql.engine.KeyConditions.Eq;
import io.cairn.sql.engine.KeyConditions.In;
import io.cairn.sql.engine.KeyConditions.IsNull;
import io.cairn.sql.engine.KeyConditions.Lower;
import io.cairn.sql.engine.KeyConditions.Upper;
import io.cairn.sql.engine.KeyConditions.ValueRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the key ranges of a secondary index from the WHERE conditions on a prefix of its
 * columns (in the manner of Calcite's InnoDB adapter and TiDB's ranger), per execution with the
 * statement's parameter values.
 *
 * <p>Each column's conditions become the key datums a matching row can hold there ({@link
 * KeySpans}). Integer columns go through the exact integer sets of {@link KeyValueSet}, under
 * MySQL's rules as {@link KeyCoercion#exactNumber} decides them (a NULL operand matches nothing,
 * {@code k > 1.5} is {@code k >= 2}, bounds outside the type's range clip to it); other columns
 * get the supersets of {@link TypedKeySpans} (strings by byte order, numbers and times rounded
 * outwards), which the filter above narrows. Leading columns whose set is a few points are
 * enumerated (their cross product, at most {@value #MAX_POINT_RANGES} tuples); the first column
 * that is not, or the last consumed one, turns each of its spans into one key range:
 *
 * <pre>
 *   point tuple p, no further column   [ indexKey(p),          prefixNext(indexKey(p)) )
 *   p, then NULL                       [ indexKey(p, NULL),    prefixNext(indexKey(p, NULL)) )
 *   p, then span [start, end)          [ indexKey(p) ++ start, indexKey(p) ++ end )
 * </pre>
 *
 * A unique entry's key is its values alone and a non-unique one's the values then the handle,
 * so both forms fall inside these ranges. A value whose comparison is not obvious (e.g. {@code
 * '42abc'}) makes the whole statement fall back to a full scan. Stateless.
 */
final class IndexRanges {
  static final int MAX_POINT_RANGES = 4096;

  private IndexRanges() {}

  /**
   * The conditions on {@code column} of {@code table} that can bound its index entries: all of
   * them for an integer column, those {@link TypedKeySpans#usable} takes otherwise.
   */
  static List<Condition> usable(TableInfo table, ColumnInfo column, List<Condition> on) {
    if (column.type().kind().isInteger()) {
      return on;
    }
    Collation collation = collation(table, column);
    return on.stream().filter(c -> TypedKeySpans.usable(column.type(), collation, c)).toList();
  }

  /**
   * Whether the conditions fix a column of {@code type} to a few values (=, IN, IS NULL, OR of
   * those). A string column never counts: a string equals many stored strings (trailing spaces,
   * other cases), which are a span of keys, not a point.
   */
  static boolean pointShaped(SqlType type, List<Condition> on) {
    if (type.kind().isText()) {
      return on.stream().anyMatch(c -> c instanceof IsNull || c instanceof AnyOf any
          && any.alternatives().stream().allMatch(alt -> alt.stream().anyMatch(x -> x instanceof IsNull)));
    }
    return pointShaped(on);
  }

  private static boolean pointShaped(List<Condition> on) {
    for (Condition c : on) {
      if (c instanceof Eq || c instanceof In || c instanceof IsNull) {
        return true;
      }
      if (c instanceof AnyOf any && any.alternatives().stream().allMatch(IndexRanges::pointShaped)) {
        return true;
      }
    }
    return false;
  }

  /** The collation {@code column} of {@code table} compares under. */
  static Collation collation(TableInfo table, ColumnInfo column) {
    return ColumnTypes.collation(column.type(), column.collation() != null ? column.collation() : table.collation());
  }

  /**
   * Whether an index key decodes to exactly the value the row stores, so that a covering read
   * can stand in for the row: integers, strings and binary strings taken whole, fixed decimals.
   */
  static boolean decodesExactly(SqlType type) {
    ColumnType ct = type.columnType();
    return switch (ct.kind()) {
      case INT64, UINT64, BYTES -> true;
      case DECIMAL -> ct.precision() > 0;
      default -> false;
    };
  }

  /**
   * The key ranges of {@code index} for the conditions {@code conditions} on {@code columns}
   * (its leading columns, in order), or null when a value's comparison is not obvious and the
   * statement must scan the table.
   */
  static AccessPath.IndexKeyRanges build(TableInfo table, IndexInfo index, List<ColumnInfo> columns,
      List<List<Condition>> conditions, List<Object> params) {
    List<byte[]> prefixes = new ArrayList<>();
    prefixes.add(TableCodec.indexPrefix(table.id(), index.id()));
    for (int i = 0; i < columns.size(); i++) {
      KeySpans set = spans(table, columns.get(i), conditions.get(i), params);
      if (set == null) {
        return null;
      }
      if (set.isEmpty()) {
        return new AccessPath.IndexKeyRanges(List.of(), true);
      }
      boolean last = i == columns.size() - 1;
      if (set.allPoints() && (long) prefixes.size() * set.spans().size() <= MAX_POINT_RANGES) {
        List<byte[]> next = new ArrayList<>(prefixes.size() * set.spans().size());
        for (byte[] p : prefixes) {
          for (KeySpans.Span point : set.spans()) {
            next.add(concat(p, point.start()));
          }
        }
        prefixes = next;
        if (last) {
          List<KeyRange> out = new ArrayList<>(prefixes.size());
          for (byte[] p : prefixes) {
            out.add(new KeyRange(Key.wrap(p), Key.wrap(TableCodec.prefixNext(p))));
          }
          return sorted(out, true);
        }
        continue;
      }
      List<KeyRange> out = new ArrayList<>();
      for (byte[] p : prefixes) {
        for (KeySpans.Span span : set.spans()) {
          out.add(new KeyRange(Key.wrap(concat(p, span.start())), Key.wrap(concat(p, span.end()))));
        }
      }
      return sorted(out, last);
    }
    throw new IllegalArgumentException("no index columns to build ranges on");
  }

  /** The key datums the conditions allow in {@code column}, or null when not obvious. */
  private static KeySpans spans(TableInfo table, ColumnInfo column, List<Condition> conditions,
      List<Object> params) {
    SqlType type = column.type();
    if (!type.kind().isInteger()) {
      return TypedKeySpans.spans(type, collation(table, column), conditions, params);
    }
    KeyValueSet set = valueSet(type, conditions, params);
    if (set == null) {
      return null;
    }
    ColumnType ct = type.columnType();
    KeySpans out = set.withNull() ? KeySpans.NULL_ONLY : KeySpans.EMPTY;
    for (KeyValueSet.Interval iv : set.intervals()) {
      byte[] low = KeySpans.encode(ct, iv.low().longValue());
      out = out.union(iv.isPoint() ? KeySpans.point(low)
          : KeySpans.range(low, TableCodec.prefixNext(KeySpans.encode(ct, iv.high().longValue()))));
    }
    return out;
  }

  private static AccessPath.IndexKeyRanges sorted(List<KeyRange> ranges, boolean exact) {
    ranges.sort((a, b) -> a.start().compareTo(b.start()));
    return new AccessPath.IndexKeyRanges(List.copyOf(ranges), exact);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The values a matching row can hold in a column of {@code type}, or null when not obvious. */
  static KeyValueSet valueSet(SqlType type, List<Condition> conditions, List<Object> params) {
    if (!type.kind().isInteger()) {
      throw new IllegalArgumentException("not an integer column: " + type);
    }
    KeyValueSet s = KeyValueSet.all(type.minInteger(), type.maxInteger(), true);
    for (Condition c : conditions) {
      KeyValueSet x = set(type, c, params);
      if (x == null) {
        return null;
      }
      s = s.intersect(x);
    }
    return s;
  }

  private static KeyValueSet set(SqlType type, Condition c, List<Object> params) {
    BigInteger min = type.minInteger();
    BigInteger max = type.maxInteger();
    switch (c) {
      case Eq eq -> {
        return point(type, eq.value().value(params));
      }
      case In in -> {
        KeyValueSet s = KeyValueSet.EMPTY;
        for (ValueRef v : in.values()) {
          KeyValueSet p = point(type, v.value(params));
          if (p == null) {
            return null;
          }
          s = s.union(p);
        }
        return s;
      }
      case Lower l -> {
        Object v = l.value().value(params);
        BigDecimal n = v == null ? null : clamp(KeyCoercion.exactNumber(v), min, max);
        if (v != null && n == null) {
          return null;
        }
        if (n == null) {
          return KeyValueSet.EMPTY;
        }
        BigInteger low = l.inclusive() ? n.setScale(0, RoundingMode.CEILING).toBigIntegerExact()
            : n.setScale(0, RoundingMode.FLOOR).toBigIntegerExact().add(BigInteger.ONE);
        return KeyValueSet.range(low.max(min), max);
      }
      case Upper u -> {
        Object v = u.value().value(params);
        BigDecimal n = v == null ? null : clamp(KeyCoercion.exactNumber(v), min, max);
        if (v != null && n == null) {
          return null;
        }
        if (n == null) {
          return KeyValueSet.EMPTY;
        }
        BigInteger high = u.inclusive() ? n.setScale(0, RoundingMode.FLOOR).toBigIntegerExact()
            : n.setScale(0, RoundingMode.CEILING).toBigIntegerExact().subtract(BigInteger.ONE);
        return KeyValueSet.range(min, high.min(max));
      }
      case IsNull isNull -> {
        return KeyValueSet.NULL_ONLY;
      }
      case AnyOf any -> {
        KeyValueSet s = KeyValueSet.EMPTY;
        for (List<Condition> alternative : any.alternatives()) {
          KeyValueSet a = valueSet(type, alternative, params);
          if (a == null) {
            return null;
          }
          s = s.union(a);
        }
        return s;
      }
    }
  }

  /** The one value {@code v} equals, none, or null when not obvious. */
  private static KeyValueSet point(SqlType type, Object v) {
    if (v == null) {
      return KeyValueSet.EMPTY;
    }
    BigDecimal n = KeyCoercion.exactNumber(v);
    if (n == null) {
      return null;
    }
    BigDecimal clamped = clamp(n, type.minInteger(), type.maxInteger());
    if (clamped.compareTo(n) != 0 || n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
      return KeyValueSet.EMPTY;
    }
    BigInteger x = n.toBigInteger();
    return KeyValueSet.range(x, x);
  }

  /**
   * {@code n} moved to {@code min - 1} or {@code max + 1} when beyond them (the comparisons with
   * every column value stay the same, and rounding stays cheap), or null for null.
   */
  private static BigDecimal clamp(BigDecimal n, BigInteger min, BigInteger max) {
    if (n == null) {
      return null;
    }
    BigDecimal below = new BigDecimal(min.subtract(BigInteger.ONE));
    BigDecimal above = new BigDecimal(max.add(BigInteger.ONE));
    return n.compareTo(below) < 0 ? below : n.compareTo(above) > 0 ? above : n;
  }

  /** The conditions as EXPLAIN shows them, e.g. {@code k >= 1 and k <= 5}. */
  static String describe(List<ColumnInfo> columns, List<List<Condition>> conditions) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      for (Condition c : conditions.get(i)) {
        parts.add(describe(name, c));
      }
    }
    return String.join(" and ", parts);
  }

  private static String describe(String col, Condition c) {
    return switch (c) {
      case Eq eq -> col + " = " + describe(eq.value());
      case In in -> col + " in (" + in.values().stream().map(IndexRanges::describe)
          .collect(Collectors.joining(", ")) + ")";
      case Lower l -> col + (l.inclusive() ? " >= " : " > ") + describe(l.value());
      case Upper u -> col + (u.inclusive() ? " <= " : " < ") + describe(u.value());
      case IsNull n -> col + " is null";
      case AnyOf any -> any.alternatives().stream()
          .map(alt -> alt.stream().map(x -> describe(col, x)).collect(Collectors.joining(" and ")))
          .collect(Collectors.joining(" or ", "(", ")"));
    };
  }

  private static String describe(ValueRef v) {
    if (v.param() >= 0) {
      return "?";
    }
    Object c = v.constant();
    return c == null ? "NULL" : c instanceof String s ? "'" + s.replace("'", "''") + "'" : c.toString();
  }
}
