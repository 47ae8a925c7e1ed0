/**
 * Reusable pieces for drivers: the in-memory transaction write buffer {@link
 * io.cairn.kv.buffer.MemDb} and the iterator that lays it over a snapshot, {@link
 * io.cairn.kv.buffer.UnionIterator}.
 */
package io.cairn.kv.buffer;
