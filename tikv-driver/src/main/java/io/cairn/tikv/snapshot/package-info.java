/**
 * Snapshot reads over the TiKV protocol, after client-go's {@code txnkv/txnsnapshot}: point
 * gets, batch gets fanned out per region, and scans that cross regions in both directions,
 * resolving the locks they meet.
 */
package io.cairn.tikv.snapshot;
