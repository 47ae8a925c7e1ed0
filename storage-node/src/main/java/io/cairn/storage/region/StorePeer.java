package io.cairn.storage.region;

import java.util.Objects;

/**
 * One replica of a region: the store that holds it and that store's Raft address
 * ({@code host:port}). A store hosts at most one replica of a region, so the store id also
 * names the replica.
 */
public record StorePeer(long storeId, String address) {

  public StorePeer {
    if (storeId <= 0) {
      throw new IllegalArgumentException("store id must be positive: " + storeId);
    }
    Objects.requireNonNull(address, "address");
    if (address.isEmpty()) {
      throw new IllegalArgumentException("empty address for store " + storeId);
    }
  }
}
