package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.Warning;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one query execution, materialized, with their MySQL column metadata and the
 * warnings raised while producing them. {@link #text} renders a value as MySQL's text protocol
 * does, through the evaluator's {@link Convert} (doubles, decimal scales, dates). Immutable.
 */
public record QueryResult(List<ColumnMetadata> columns, List<FieldType> types, List<Object[]> rows,
    List<Warning> warnings) {

  public QueryResult {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
    rows = List.copyOf(rows);
    warnings = List.copyOf(warnings);
  }

  /** The value at (row, column) in MySQL's text form, or null for SQL NULL. */
  public String text(int row, int column) {
    Object v = rows.get(row)[column];
    return v == null ? null : Convert.toStr(v, types.get(column));
  }

  public byte[] textBytes(int row, int column) {
    String s = text(row, column);
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** All rows as text, NULL as "NULL": handy for tests and logs. */
  public List<List<String>> textRows() {
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      List<String> line = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        String s = text(r, c);
        line.add(s == null ? "NULL" : s);
      }
      out.add(line);
    }
    return out;
  }

  /** Result-set metadata for one output column. */
  public static ColumnMetadata metadata(String name, FieldType t) {
    int flags = 0;
    if (t.isNotNull()) {
      flags |= ColumnMetadata.NOT_NULL_FLAG;
    }
    if (t.isUnsigned()) {
      flags |= ColumnMetadata.UNSIGNED_FLAG;
    }
    boolean string = t.evalType() == EvalType.STRING && !t.isNullType();
    if (t.evalType().isNumeric()) {
      flags |= ColumnMetadata.NUM_FLAG;
    }
    if (!string || t.collation().id() == ColumnMetadata.COLLATION_BINARY) {
      flags |= ColumnMetadata.BINARY_FLAG;
    }
    int collation = string ? t.collation().id() : ColumnMetadata.COLLATION_BINARY;
    long length = t.flen() == FieldType.UNSPECIFIED ? (string ? 65535L * 4 : 0) : t.flen();
    if (t.evalType() == EvalType.DECIMAL) {
      length = t.flen() + 1 + (t.decimal() > 0 ? 1 : 0);
    }
    int decimals = t.evalType() == EvalType.STRING ? 31 : Math.max(0, t.decimal());
    if (t.evalType() == EvalType.INT) {
      decimals = 0;
    }
    return new ColumnMetadata("", "", "", name, "", collation, length, MysqlType.fromCode(t.type().code()), flags,
        decimals);
  }
}
