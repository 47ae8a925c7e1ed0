/**
 * Lock resolution, after client-go's {@code txnkv/txnlock}: when a request meets another
 * transaction's lock, the {@link io.cairn.tikv.txn.lock.LockResolver} learns that
 * transaction's fate from its primary key and commits or rolls back the lock.
 */
package io.cairn.tikv.txn.lock;
