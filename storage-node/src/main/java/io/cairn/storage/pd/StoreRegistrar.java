package io.cairn.storage.pd;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AllocIDResponse;
import io.cairn.proto.pdpb.BootstrapRequest;
import io.cairn.proto.pdpb.BootstrapResponse;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.IsBootstrappedRequest;
import io.cairn.proto.pdpb.IsBootstrappedResponse;
import io.cairn.proto.pdpb.PutStoreRequest;
import io.cairn.proto.pdpb.PutStoreResponse;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this store a member of the cluster: obtains its store id, bootstraps a fresh cluster
 * with the first region, and registers the store's addresses, labels and version with PD.
 *
 * <p>{@link #register()} on start, in this order (TiKV's, crash-safe at every step):
 * <ol>
 *   <li>Connect and learn the cluster id. A persisted {@link StoreIdent} of another cluster is
 *       refused ({@link PdClientException.Kind#WRONG_CLUSTER}).</li>
 *   <li>No ident yet: AllocID for the store id, persist the ident.</li>
 *   <li>Cluster not bootstrapped: AllocID for the first region and its peer, persist them as
 *       the ident's pending first region, then Bootstrap. A pending region left by a crash is
 *       resumed here too.</li>
 *   <li>Resolve the pending region: PD accepted it (Bootstrap succeeded, or answered
 *       ALREADY_BOOTSTRAPPED but knows that very region, because an earlier attempt of ours
 *       got through) → {@link LocalStoreMeta#createFirstRegion}; another store won the race →
 *       drop it. Then persist the ident without it.</li>
 *   <li>PutStore — PD accepts it only once the cluster is bootstrapped.</li>
 * </ol>
 * {@link #putStore()} alone is the re-registration the heartbeat loop runs after PD was
 * unreachable (a restarted PD, or a new leader), and is idempotent.
 *
 * <p>Not thread-safe: the node runs {@link #register()} once at start; {@link #putStore()} may
 * then be called from one other thread.
 */
public final class StoreRegistrar {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRegistrar.class);

  /** Outcome of {@link #register()}. */
  public record Registration(StoreIdent ident, Region bootstrappedRegion) {
    /** True when this call bootstrapped the cluster and created its first region here. */
    public boolean bootstrapped() {
      return bootstrappedRegion != null;
    }
  }

  private final PdConnection pd;
  private final LocalStoreMeta meta;
  private final StoreDescriptor descriptor;
  private volatile long storeId;

  public StoreRegistrar(PdConnection pd, LocalStoreMeta meta, StoreDescriptor descriptor) {
    this.pd = Objects.requireNonNull(pd, "pd");
    this.meta = Objects.requireNonNull(meta, "meta");
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
  }

  /** This store's id, 0 before {@link #register()} succeeded. */
  public long storeId() {
    return storeId;
  }

  public StoreDescriptor descriptor() {
    return descriptor;
  }

  /**
   * Registers the store, bootstrapping the cluster when nobody has; see the class comment.
   *
   * @return the ident now persisted, and the first region if this call created it locally
   * @throws PdClientException when PD is unavailable, refuses, or serves another cluster; the
   *     call may simply be repeated
   */
  public Registration register() {
    pd.leader();
    long clusterId = pd.clusterId();
    StoreIdent ident = meta.loadIdent();
    if (ident != null && ident.clusterId() != clusterId) {
      throw PdClientException.wrongCluster("store " + ident.storeId() + " belongs to cluster "
          + ident.clusterId() + ", but PD serves cluster " + clusterId);
    }
    if (ident == null) {
      ident = new StoreIdent(clusterId, allocId());
      meta.saveIdent(ident);
      LOG.info("store id {} allocated in cluster {}", ident.storeId(), clusterId);
    }
    storeId = ident.storeId();
    if (ident.pendingFirstRegion() == null && !isBootstrapped()) {
      Region first = firstRegion(ident.storeId());
      ident = ident.withPendingFirstRegion(first);
      meta.saveIdent(ident);
    }
    Region created = null;
    if (ident.pendingFirstRegion() != null) {
      created = bootstrap(ident.pendingFirstRegion());
      if (created != null) {
        meta.createFirstRegion(created);
      }
      ident = ident.withPendingFirstRegion(null);
      meta.saveIdent(ident);
    }
    putStore();
    return new Registration(ident, created);
  }

  /**
   * Sends PutStore with this store's descriptor: registers it, or refreshes its addresses,
   * labels and version.
   *
   * @throws IllegalStateException before {@link #register()} gave this store an id
   * @throws PdClientException as for any PD call (STORE_TOMBSTONE when PD removed this store)
   */
  public void putStore() {
    long id = storeId;
    if (id == 0) {
      throw new IllegalStateException("store has no id yet; register() first");
    }
    pd.call("PutStore", (stub, h) -> stub.putStore(PutStoreRequest.newBuilder().setHeader(h)
        .setStore(descriptor.toStore(id)).build()), PutStoreResponse::getHeader);
    LOG.info("store {} registered at {}", id, descriptor.address());
  }

  private Region firstRegion(long storeId) {
    long regionId = allocId();
    long peerId = allocId();
    return Region.newBuilder().setId(regionId)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
        .addPeers(Peer.newBuilder().setId(peerId).setStoreId(storeId).setRole(PeerRole.Voter))
        .build();
  }

  /** Bootstraps with {@code region}; returns it when PD has it, null when another store won. */
  private Region bootstrap(Region region) {
    try {
      pd.call("Bootstrap", (stub, h) -> stub.bootstrap(BootstrapRequest.newBuilder()
          .setHeader(h).setStore(descriptor.toStore(storeId)).setRegion(region).build()),
          BootstrapResponse::getHeader);
      LOG.info("bootstrapped cluster {} with region {} on store {}", pd.clusterId(),
          region.getId(), storeId);
      return region;
    } catch (PdClientException e) {
      if (!e.isRefusal(ErrorType.ALREADY_BOOTSTRAPPED)) {
        throw e;
      }
    }
    GetRegionResponse known = pd.call("GetRegionByID", (stub, h) -> stub.getRegionByID(
        GetRegionByIDRequest.newBuilder().setHeader(h).setRegionId(region.getId()).build()),
        GetRegionResponse::getHeader);
    if (known.hasRegion() && known.getRegion().getId() == region.getId()) {
      LOG.info("cluster {} was bootstrapped by an earlier attempt of store {}", pd.clusterId(),
          storeId);
      return region;
    }
    LOG.info("cluster {} was bootstrapped by another store; dropping prepared region {}",
        pd.clusterId(), region.getId());
    return null;
  }

  private boolean isBootstrapped() {
    return pd.call("IsBootstrapped", (stub, h) -> stub.isBootstrapped(
        IsBootstrappedRequest.newBuilder().setHeader(h).build()),
        IsBootstrappedResponse::getHeader).getBootstrapped();
  }

  private long allocId() {
    long id = pd.call("AllocID", (stub, h) -> stub.allocID(
        AllocIDRequest.newBuilder().setHeader(h).build()), AllocIDResponse::getHeader).getId();
    if (id == 0) {
      throw new IllegalStateException("PD allocated id 0");
    }
    return id;
  }
}
