package io.cairn.storage.pd;

/**
 * Where the heartbeat loop reads the store's disk and traffic figures, implemented by the node.
 *
 * <p>Contract: {@link #usage()} is cheap (called once per store heartbeat interval on the
 * heartbeat thread), never returns {@code null}, and is thread-safe.
 */
@FunctionalInterface
public interface StoreStatsSource {

  StoreUsage usage();
}
