package io.cairn.sql.session;

import java.util.List;

/** What one statement produced: rows, or a count of affected rows. */
public sealed interface StatementResult permits StatementResult.Rows, StatementResult.Update {

  /**
   * A result set. The caller must read it to the end or close it before the session runs the
   * next statement; rows may be produced lazily (streamed from storage).
   */
  non-sealed interface Rows extends StatementResult, AutoCloseable {

    List<ColumnMetadata> columns();

    /** Advances to the next row; false at the end. */
    boolean next();

    /** The current row; valid until the next call of {@link #next()}. */
    ResultRow row();

    /** Warnings raised while producing rows, known once the rows are exhausted. */
    int warningCount();

    @Override
    void close();
  }

  /**
   * The outcome of a statement without a result set (DML, DDL, SET, ...).
   *
   * @param affectedRows MySQL's affected-rows count (e.g. 2 for an ON DUPLICATE KEY UPDATE
   *     that changed a row)
   * @param lastInsertId the first AUTO_INCREMENT value generated, or 0
   * @param warningCount warnings raised by the statement
   * @param info the human-readable info string, e.g. "Records: 3  Duplicates: 0  Warnings: 0",
   *     or ""
   */
  record Update(long affectedRows, long lastInsertId, int warningCount, String info)
      implements StatementResult {
    public static Update of(long affectedRows) {
      return new Update(affectedRows, 0, 0, "");
    }
  }
}
