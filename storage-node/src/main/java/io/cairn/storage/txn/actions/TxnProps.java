package io.cairn.storage.txn.actions;

/**
 * The transaction-wide fields of a prewrite.
 *
 * @param primary raw user key of the primary lock
 * @param forUpdateTs 0 for an optimistic transaction; the pessimistic transaction's
 *     for_update_ts otherwise
 * @param minCommitTs written into the locks so readers may push it; 0 means start_ts + 1
 *     (or for_update_ts + 1 when larger)
 */
public record TxnProps(
    byte[] primary, long startTs, long lockTtl, long txnSize, long forUpdateTs, long minCommitTs) {

  public boolean isPessimistic() {
    return forUpdateTs != 0;
  }

  long effectiveMinCommitTs() {
    return Math.max(minCommitTs, Math.max(startTs, forUpdateTs) + 1);
  }
}
