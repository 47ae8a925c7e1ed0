package io.cairn.sql.engine;

import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints what a statement produced the way the golden files record it: a result set as a
 * tab-separated header and rows (NULL for SQL NULL); an update as {@code affected N} with the
 * last insert id and info when present; an error as {@code ERROR code (state): message};
 * warnings after either, one per line (not after SHOW WARNINGS / SHOW ERRORS, which list them).
 */
final class ResultFormatter {
  private ResultFormatter() {}

  static String run(Session session, String sql) {
    StringBuilder out = new StringBuilder();
    try {
      StatementResult r = session.execute(sql);
      if (r instanceof StatementResult.Rows rows) {
        out.append(rows(rows));
      } else {
        StatementResult.Update u = (StatementResult.Update) r;
        out.append("affected ").append(u.affectedRows());
        if (u.lastInsertId() != 0) {
          out.append(" last_insert_id ").append(u.lastInsertId());
        }
        if (!u.info().isEmpty()) {
          out.append(" info ").append(u.info());
        }
        out.append('\n');
      }
      String head = sql.strip().toUpperCase(java.util.Locale.ROOT);
      boolean showsWarnings = head.startsWith("SHOW WARNINGS") || head.startsWith("SHOW ERRORS");
      for (SqlWarning w : showsWarnings ? List.<SqlWarning>of() : session.warnings()) {
        out.append(w.level()).append(' ').append(w.code()).append(' ').append(w.message()).append('\n');
      }
    } catch (SqlException e) {
      out.append("ERROR ").append(e.errno()).append(" (").append(e.sqlState()).append("): ")
          .append(e.getMessage()).append('\n');
    }
    return out.toString();
  }

  static String rows(StatementResult.Rows rows) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    for (ColumnMetadata c : rows.columns()) {
      header.add(c.name());
    }
    out.append(String.join("\t", header)).append('\n');
    try (rows) {
      while (rows.next()) {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < rows.columns().size(); i++) {
          line.add(rows.row().isNull(i) ? "NULL"
              : new String(rows.row().text(i), StandardCharsets.UTF_8));
        }
        out.append(String.join("\t", line)).append('\n');
      }
    }
    return out.toString();
  }
}
