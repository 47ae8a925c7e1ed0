package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlMySqlInsert;
import io.cairn.sql.parser.ast.SqlValuesColumnFunction;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.table.DuplicateKeyException;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.table.Values;
import io.cairn.sql.table.WriteContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * INSERT, INSERT IGNORE, REPLACE and INSERT ... ON DUPLICATE KEY UPDATE, with VALUES rows or a
 * SELECT as the source. Plain literal values are taken as they are; other expressions are
 * evaluated through the query engine. Values are cast to the column types ({@link
 * ColumnTypes#toColumn}), then {@link TableWriter} applies defaults, AUTO_INCREMENT, NOT NULL,
 * range and unique checks.
 *
 * <p>Affected rows follow MySQL: 1 per inserted row, 2 per row an ON DUPLICATE KEY UPDATE
 * changed (0 if it left it unchanged), and for REPLACE 1 plus 1 per row deleted. IGNORE turns
 * duplicate-key and conversion errors into warnings and skips the row.
 */
final class InsertExecutor {
  private final CairnSession session;
  private final List<Object> params;
  private final ValueBridge bridge;
  private final List<SqlWarning> warnings = new ArrayList<>();

  InsertExecutor(CairnSession session, List<Object> params) {
    this.session = session;
    this.params = params;
    this.bridge = session.bridge();
  }

  StatementResult execute(SqlMySqlInsert insert) {
    DmlTarget target = DmlTarget.resolve(session, insert.getTargetTable(), insert.replace() ? "REPLACE" : "INSERT");
    TableInfo table = target.table();
    List<ColumnInfo> columns = targetColumns(table, insert.getTargetColumnList());
    boolean ignore = insert.ignore();
    EvalContext ectx = new EvalContext(session.sqlModes(), !ignore, session.timeZone(), session.clock());
    WriteContext wctx = new WriteContext(session.strict() && !ignore,
        LocalDateTime.ofInstant(session.clock().instant(), session.timeZone()));
    Transaction txn = session.txn().current();
    session.txn().wrote(table.id());

    List<Object[]> rows = sourceRows(insert.getSource(), table, columns, ectx, ignore);
    long affected = 0;
    long duplicates = 0;
    for (Object[] values : rows) {
      wctx.nextRow();
      if (values == null) {
        continue;
      }
      Object[] full = new Object[table.columns().size()];
      java.util.Arrays.fill(full, TableWriter.DEFAULT);
      for (int i = 0; i < columns.size(); i++) {
        full[columns.get(i).offset()] = values[i];
      }
      try {
        long n = insertRow(txn, table, full, insert, wctx, ectx);
        if (n != 1 && !insert.replace()) {
          duplicates++;
        } else if (insert.replace() && n > 1) {
          duplicates += n - 1;
        }
        affected += n;
      } catch (DuplicateKeyException e) {
        if (!ignore) {
          throw e;
        }
        duplicates++;
        warnings.add(new SqlWarning("Warning", e.errno(), e.getMessage()));
      } catch (SqlException e) {
        if (!ignore || !downgradable(e.errno())) {
          throw e;
        }
        warnings.add(new SqlWarning("Warning", e.errno(), e.getMessage()));
      }
    }
    for (var w : ectx.warnings()) {
      warnings.add(CairnSession.warning(w));
    }
    session.setWarnings(warnings);
    long lastId = wctx.firstAutoId() == null ? 0 : wctx.firstAutoId();
    boolean multi = rows.size() > 1 || insert.getSource().getKind() != SqlKind.VALUES;
    String info = multi ? "Records: " + rows.size() + "  Duplicates: " + duplicates + "  Warnings: "
        + warnings.size() : "";
    return new StatementResult.Update(affected, lastId, warnings.size(), info);
  }

  private static boolean downgradable(int errno) {
    return errno == 1048 || errno == 1264 || errno == 1406 || errno == 1292 || errno == 1366
        || errno == 1364;
  }

  /** Inserts one row in the statement's mode; returns the affected-rows count it adds. */
  private long insertRow(Transaction txn, TableInfo table, Object[] full, SqlMySqlInsert insert,
      WriteContext wctx, EvalContext ectx) {
    TableWriter writer = session.engine().writer();
    if (insert.replace()) {
      Object[] row = writer.completeRow(table, full, wctx);
      long deleted = 0;
      while (true) {
        try {
          writer.insert(txn, table, row, wctx);
          return 1 + deleted;
        } catch (DuplicateKeyException e) {
          TableReader reader = new TableReader(table);
          Object[] old = reader.get(txn, e.existingHandle());
          if (old == null) {
            throw e;
          }
          writer.delete(txn, table, e.existingHandle(), old);
          deleted++;
        }
      }
    }
    if (insert.updateColumns().isEmpty()) {
      writer.insert(txn, table, full, wctx);
      return 1;
    }
    Object[] row = writer.completeRow(table, full, wctx);
    try {
      writer.insert(txn, table, row, wctx);
      return 1;
    } catch (DuplicateKeyException e) {
      TableReader reader = new TableReader(table);
      Object[] old = reader.get(txn, e.existingHandle());
      if (old == null) {
        throw e;
      }
      Object[] updated = onDuplicate(table, insert, old, row, ectx);
      if (Values.sameRow(old, updated)) {
        return 0;
      }
      writer.update(txn, table, e.existingHandle(), old, updated, wctx);
      return 2;
    }
  }

  /** The row ON DUPLICATE KEY UPDATE makes of {@code old}, given the row the insert wanted. */
  private Object[] onDuplicate(TableInfo table, SqlMySqlInsert insert, Object[] old, Object[] inserted,
      EvalContext ectx) {
    Object[] out = old.clone();
    // Expressions see the old row's columns; VALUES(c) is the value the insert gave c. Plain
    // literals and parameters are taken as they are (a bare ? has no type to plan with).
    List<String> exprs = new ArrayList<>();
    List<SqlNode> parts = new ArrayList<>();
    int n = insert.updateColumns().size();
    Object[] values = new Object[n];
    FieldType[] types = new FieldType[n];
    int[] queryColumn = new int[n];
    for (int i = 0; i < n; i++) {
      SqlNode v = insert.updateValues().get(i);
      Object literal = Literals.valueOf(v, params);
      if (literal != Literals.NOT_LITERAL) {
        values[i] = literal;
        types[i] = ColumnTypes.typeOf(literal);
        queryColumn[i] = -1;
        continue;
      }
      queryColumn[i] = exprs.size();
      exprs.add(MySqlParser.unparse(v.accept(new ValuesFunctionReplacer(table, inserted))));
      parts.add(v);
    }
    if (!exprs.isEmpty()) {
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < exprs.size(); i++) {
        sql.append(i > 0 ? ", " : "").append(exprs.get(i));
      }
      sql.append(" FROM ").append(oldRowTable(table, old));
      QueryResult r = new ExpressionEvaluator(session, params).query(sql.toString(), parts, Set.of(table.id()));
      for (int i = 0; i < n; i++) {
        if (queryColumn[i] >= 0) {
          values[i] = r.rows().get(0)[queryColumn[i]];
          types[i] = r.types().get(queryColumn[i]);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      SqlIdentifier colName = (SqlIdentifier) insert.updateColumns().get(i);
      ColumnInfo c = publicColumn(table, CairnSession.nameOf(colName));
      out[c.offset()] = ColumnTypes.toColumn(table, c, values[i], types[i], ectx, bridge, 1);
    }
    return out;
  }

  /**
   * The old row as a derived table named like the target, so that column references in the
   * update expressions resolve to its values: {@code (SELECT v1 AS c1, ...) AS t}.
   */
  private String oldRowTable(TableInfo table, Object[] old) {
    StringBuilder sb = new StringBuilder("(SELECT ");
    List<ColumnInfo> cols = table.publicColumns();
    for (int i = 0; i < cols.size(); i++) {
      ColumnInfo c = cols.get(i);
      FieldType ft = ColumnTypes.fieldType(table, c);
      Object v = bridge.toEval(old[c.offset()], ft);
      sb.append(i > 0 ? ", " : "").append(castLiteral(v, ft, c))
          .append(" AS `").append(c.name().replace("`", "``")).append('`');
    }
    return sb.append(") AS `").append(table.name().replace("`", "``")).append('`').toString();
  }

  /** A literal of a stored value, cast back to the column's type family. */
  private static String castLiteral(Object v, FieldType ft, ColumnInfo c) {
    SqlNode lit = Literals.toNode(v, ft, org.apache.calcite.sql.parser.SqlParserPos.ZERO);
    String text = MySqlParser.unparse(lit);
    if (v == null) {
      return text;
    }
    return switch (c.type().kind()) {
      case DATE -> "CAST(" + text + " AS DATE)";
      case DATETIME, TIMESTAMP -> "CAST(" + text + " AS DATETIME(" + c.type().scale() + "))";
      case TIME -> "CAST(" + text + " AS TIME(" + c.type().scale() + "))";
      default -> text;
    };
  }

  /** Replaces VALUES(col) by the literal the insert gave the column. */
  private final class ValuesFunctionReplacer extends SqlShuttle {
    private final TableInfo table;
    private final Object[] inserted;

    ValuesFunctionReplacer(TableInfo table, Object[] inserted) {
      this.table = table;
      this.inserted = inserted;
    }

    @Override
    public SqlNode visit(SqlCall call) {
      if (call.getOperator() instanceof SqlValuesColumnFunction && call.operand(0) instanceof SqlIdentifier id) {
        ColumnInfo c = publicColumn(table, CairnSession.nameOf(id));
        FieldType ft = ColumnTypes.fieldType(table, c);
        Object v = bridge.toEval(inserted[c.offset()], ft);
        SqlNode lit = Literals.toNode(v, ft, call.getParserPosition());
        return lit;
      }
      return super.visit(call);
    }
  }

  private List<ColumnInfo> targetColumns(TableInfo table, SqlNodeList names) {
    if (names == null || names.isEmpty()) {
      return table.publicColumns();
    }
    List<ColumnInfo> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SqlNode n : names) {
      String name = CairnSession.nameOf((SqlIdentifier) n);
      ColumnInfo c = publicColumn(table, name);
      if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
        throw new SqlException(1110, "42000", "Column '" + c.name() + "' specified twice");
      }
      out.add(c);
    }
    return out;
  }

  static ColumnInfo publicColumn(TableInfo table, String name) {
    Optional<ColumnInfo> c = table.column(name);
    if (c.isEmpty() || c.get().state() != SchemaState.PUBLIC) {
      throw new SqlException(1054, "42S22", "Unknown column '" + name + "' in 'field list'");
    }
    return c.get();
  }

  /**
   * The rows to insert, one value per target column, already cast to the column types; a null
   * entry stands for a row that IGNORE skipped.
   */
  private List<Object[]> sourceRows(SqlNode source, TableInfo table, List<ColumnInfo> columns,
      EvalContext ectx, boolean ignore) {
    List<Object[]> out = new ArrayList<>();
    if (source.getKind() == SqlKind.VALUES) {
      int rowNumber = 0;
      for (SqlNode rowNode : ((SqlCall) source).getOperandList()) {
        rowNumber++;
        List<SqlNode> exprs = ((SqlCall) rowNode).getOperandList();
        if (exprs.size() != columns.size()) {
          throw new SqlException(1136, "21S01", "Column count doesn't match value count at row " + rowNumber);
        }
        Object[] values = new Object[columns.size()];
        try {
          for (int i = 0; i < exprs.size(); i++) {
            values[i] = value(exprs.get(i), table, columns.get(i), ectx, rowNumber);
          }
          out.add(values);
        } catch (SqlException e) {
          if (!ignore || !downgradable(e.errno())) {
            throw e;
          }
          warnings.add(new SqlWarning("Warning", e.errno(), e.getMessage()));
          out.add(null);
        }
      }
      return out;
    }
    QueryResult r = new ExpressionEvaluator(session, params)
        .query(MySqlParser.unparse(source), List.of(source), Set.of());
    if (r.columns().size() != columns.size()) {
      throw new SqlException(1136, "21S01", "Column count doesn't match value count at row 1");
    }
    int rowNumber = 0;
    for (Object[] row : r.rows()) {
      rowNumber++;
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        values[i] = ColumnTypes.toColumn(table, columns.get(i), row[i], r.types().get(i), ectx, bridge, rowNumber);
      }
      out.add(values);
    }
    return out;
  }

  private Object value(SqlNode expr, TableInfo table, ColumnInfo column, EvalContext ectx, int row) {
    if (expr.getKind() == SqlKind.DEFAULT) {
      return TableWriter.DEFAULT;
    }
    Object v = Literals.valueOf(expr, params);
    FieldType type;
    if (v == Literals.NOT_LITERAL) {
      ExpressionEvaluator.Value value = new ExpressionEvaluator(session, params).evaluate(expr);
      v = value.value();
      type = value.type();
    } else {
      type = ColumnTypes.typeOf(v);
    }
    try {
      return ColumnTypes.toColumn(table, column, v, type, ectx, bridge, row);
    } catch (io.cairn.coprocessor.expr.EvalException e) {
      throw Errors.toSql(e);
    }
  }
}
