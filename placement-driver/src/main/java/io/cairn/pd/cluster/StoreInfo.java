package io.cairn.pd.cluster;

import io.cairn.proto.metapb.Store;
import io.cairn.proto.pdpb.StoreStats;
import java.util.Objects;

/**
 * One store as PD sees it: its registered metadata, its last reported statistics ({@code null}
 * until the first heartbeat) and when PD last heard from it (PD's clock, ms; for stores loaded at
 * startup, the startup time, so a restart does not declare every store down). Immutable.
 */
public record StoreInfo(Store meta, StoreStats stats, long lastHeartbeatMs) {

  public StoreInfo {
    Objects.requireNonNull(meta, "meta");
  }

  public long id() {
    return meta.getId();
  }
}
