package io.cairn.kv;

/** The kinds of coprocessor request (TiDB's {@code kv.ReqTypeDAG} and friends). */
public enum CopRequestType {
  /** A DAG of executors (scan, selection, aggregation, top-N, limit) run next to the data. */
  DAG,
  /** Collecting statistics (ANALYZE TABLE). */
  ANALYZE,
  /** Checksumming ranges (ADMIN CHECKSUM TABLE). */
  CHECKSUM
}
