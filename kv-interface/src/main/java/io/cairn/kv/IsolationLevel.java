package io.cairn.kv;

/** The isolation levels a transaction can begin with (TiDB's two). */
public enum IsolationLevel {
  /**
   * Snapshot isolation, which MySQL clients know as REPEATABLE READ: every read sees the data
   * committed before the transaction's start timestamp, plus its own writes.
   */
  REPEATABLE_READ,
  /**
   * Every read sees the data committed before the read began, plus the transaction's own
   * writes. As in TiDB it is only offered for pessimistic transactions, whose locks keep
   * writes safe while reads move forward.
   */
  READ_COMMITTED
}
