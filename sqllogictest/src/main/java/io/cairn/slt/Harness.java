package io.cairn.slt;

import java.util.List;

/**
 * The engine a script runs on. One harness serves one script at a time (it is not
 * thread-safe); the runner opens one per worker.
 */
public interface Harness extends AutoCloseable {

  /** The name {@code skipif}/{@code onlyif} compare with, e.g. "mysql". */
  String engineName();

  /** Drops {@code database} if it exists, creates it empty and makes it current. */
  void reset(String database) throws Exception;

  /** Runs a statement; throws on any error. */
  void runStatement(String sql) throws Exception;

  /**
   * Runs a query and returns its rows, each value in MySQL's text form (null for SQL NULL).
   *
   * @throws Exception on any error
   */
  List<String[]> runQuery(String sql) throws Exception;

  /** Aborts the running statement if it outlives the per-statement timeout. */
  void setStatementTimeoutSeconds(int seconds) throws Exception;

  @Override
  void close() throws Exception;
}
