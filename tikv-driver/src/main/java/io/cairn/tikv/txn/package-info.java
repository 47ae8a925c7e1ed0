/**
 * Transactions over the TiKV protocol, after client-go's {@code txnkv/transaction}: the
 * kv-interface {@link io.cairn.tikv.txn.TikvStorage} and its transactions, Percolator
 * two-phase commit, pessimistic locks and lock TTL heartbeats.
 */
package io.cairn.tikv.txn;
