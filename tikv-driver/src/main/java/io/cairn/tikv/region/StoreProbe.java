package io.cairn.tikv.region;

/**
 * Asks a store whether it serves ({@code grpc.health.v1.Health/Check}). Returns true only for
 * SERVING; any failure is false. Must bound its own wait with a deadline. Thread-safe.
 */
@FunctionalInterface
public interface StoreProbe {
  boolean isServing(long storeId);
}
