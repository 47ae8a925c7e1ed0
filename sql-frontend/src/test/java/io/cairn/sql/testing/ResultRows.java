package io.cairn.sql.testing;

import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A statement's result rows as text (NULL as null), for comparing results in tests. */
public final class ResultRows {
  private ResultRows() {}

  /** Reads every row of {@code r}, a result set, and closes it. */
  public static List<List<String>> rows(StatementResult r) {
    StatementResult.Rows rows = (StatementResult.Rows) r;
    List<List<String>> out = read(rows);
    rows.close();
    return out;
  }

  /** Reads every row of {@code rows}, leaving it open (its warning count is known only now). */
  public static List<List<String>> read(StatementResult.Rows rows) {
    List<List<String>> out = new ArrayList<>();
    while (rows.next()) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < rows.columns().size(); i++) {
        line.add(rows.row().isNull(i) ? null : new String(rows.row().text(i), StandardCharsets.UTF_8));
      }
      out.add(line);
    }
    return out;
  }
}
