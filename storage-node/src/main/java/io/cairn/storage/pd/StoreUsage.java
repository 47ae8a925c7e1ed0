package io.cairn.storage.pd;

/**
 * The store's disk and traffic figures for a store heartbeat. The traffic counters and the
 * snapshot counts are as of now; traffic is cumulative since the node started (the heartbeat
 * loop reports the difference to its previous heartbeat).
 *
 * @param capacity bytes of the disk the store's data lives on
 * @param available bytes still free for the store
 * @param usedSize bytes the store's data takes
 * @param busy whether the store is overloaded (PD then avoids it)
 */
public record StoreUsage(long capacity, long available, long usedSize, long bytesWritten,
    long keysWritten, long bytesRead, long keysRead, int sendingSnapCount,
    int receivingSnapCount, int applyingSnapCount, boolean busy) {

  public StoreUsage {
    if (capacity < 0 || available < 0 || usedSize < 0 || bytesWritten < 0 || keysWritten < 0
        || bytesRead < 0 || keysRead < 0 || sendingSnapCount < 0 || receivingSnapCount < 0
        || applyingSnapCount < 0) {
      throw new IllegalArgumentException("negative store usage figure");
    }
    if (available > capacity) {
      throw new IllegalArgumentException("available " + available + " exceeds capacity "
          + capacity);
    }
  }

  /** Disk figures only, no traffic. */
  public static StoreUsage disk(long capacity, long available, long usedSize) {
    return new StoreUsage(capacity, available, usedSize, 0, 0, 0, 0, 0, 0, 0, false);
  }
}
