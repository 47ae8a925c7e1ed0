package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionMeta;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft side of one store: one Ratis server (one port, peer id = store id) hosting one
 * Raft group per region replica, all applying into one shared engine. Region {@code r} is
 * group {@code UUID(0, r)}. Ratis's logs live under {@link RaftStoreConfig#raftDir()}, apart
 * from the engine.
 *
 * <p>On {@link #open}, the store reconciles: a region meta in the engine naming this store
 * but without a Raft group is added; a group without a region meta is removed with its
 * directory; a group that lost its configuration (half-added when the process died) is
 * removed and added again from its meta.
 *
 * <p>Thread-safe. The caller owns the engine and closes it after this store.
 */
public final class RaftStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftStore.class);

  private final RaftStoreConfig config;
  private final KvEngine engine;
  private final Runnable engineFlush;
  private final RegionSnapshotSource snapshotSource;
  private final RegionObserver observer;
  private final ExecutorService installExecutor;
  private final ExecutorService callbackExecutor;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final AtomicInteger childStarts = new AtomicInteger();
  private final Map<Long, CompletableFuture<Void>> removals = new java.util.concurrent.ConcurrentHashMap<>();
  private final RaftServer server;
  private final RaftMetrics metrics = new RaftMetrics(this);

  private RaftStore(RaftStoreConfig config, KvEngine engine, Runnable engineFlush, RegionSnapshotSource snapshotSource,
      RegionObserver observer) throws IOException {
    this.config = config;
    this.engine = engine;
    this.engineFlush = engineFlush;
    this.snapshotSource = snapshotSource;
    this.observer = observer;
    AtomicInteger n = new AtomicInteger();
    this.installExecutor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "raft-install-" + config.storeId() + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    AtomicInteger m = new AtomicInteger();
    this.callbackExecutor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "raft-callback-" + config.storeId() + "-" + m.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.server =
        RaftServer.newBuilder()
            .setServerId(peerId(config.storeId()))
            .setProperties(properties(config))
            .setParameters(RaftTls.parameters(config))
            .setStateMachineRegistry(this::newStateMachine)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
  }

  /**
   * Starts the store's Raft server and brings up every region replica the engine records.
   *
   * @param engineFlush makes everything written to {@code engine} durable (RocksDB: flush the
   *     memtables); a no-op for an engine that is not durable
   * @param snapshotSource where lagging replicas fetch region snapshots from
   */
  public static RaftStore open(RaftStoreConfig config, KvEngine engine, Runnable engineFlush, RegionSnapshotSource snapshotSource)
      throws IOException {
    return open(config, engine, engineFlush, snapshotSource, RegionObserver.NONE);
  }

  /**
   * As {@link #open(RaftStoreConfig, KvEngine, Runnable, RegionSnapshotSource)}, telling
   * {@code observer} what the replicas learn (from the first region loaded on).
   */
  public static RaftStore open(RaftStoreConfig config, KvEngine engine, Runnable engineFlush, RegionSnapshotSource snapshotSource,
      RegionObserver observer) throws IOException {
    RaftStore store = new RaftStore(config, engine, engineFlush, snapshotSource, observer);
    try {
      store.server.start();
      store.reconcile();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  static RaftProperties properties(RaftStoreConfig c) {
    RaftProperties p = new RaftProperties();
    switch (c.transport()) {
      case GRPC -> {
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(p, c.host());
        GrpcConfigKeys.Server.setPort(p, c.port());
      }
      case NETTY -> {
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(p, c.host());
        NettyConfigKeys.Server.setPort(p, c.port());
      }
    }
    RaftServerConfigKeys.setStorageDir(p, List.of(c.raftDir().toFile()));
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(c.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(c.electionTimeoutMax().toMillis()));
    // A group's first election (a new region, a split child, a restart) need not wait out the
    // full timeout: nobody has heard of a leader yet, so there is none to be patient with.
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, millis(c.electionTimeoutMin().toMillis() / 4));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, millis(c.electionTimeoutMin().toMillis() / 2));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(c.requestTimeout().toMillis()));
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    RaftServerConfigKeys.Read.setTimeout(p, millis(c.readTimeout().toMillis()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // RocksDB is the snapshot: a lagging follower is notified and fetches the region itself.
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentSize()));
    return p;
  }

  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }

  private RegionStateMachine newStateMachine(RaftGroupId gid) {
    // Ratis asks again when a group is re-added; a fresh instance avoids reusing a closed one.
    return new RegionStateMachine(
        regionIdOf(gid), engine, engineFlush, snapshotSource, installExecutor, config.installTimeout(), this::startSplitChild,
        this::removeLeftReplica, observer, metrics);
  }

  /** The store's Raft instruments, to register on a status port's registry. */
  public RaftMetrics metrics() {
    return metrics;
  }

  /** Replicas here that lead their region now. */
  int leaderCount() {
    int n = 0;
    for (RaftGroupId gid : server.getGroupIds()) {
      try {
        if (server.getDivision(gid).getInfo().isLeader()) {
          n++;
        }
      } catch (IOException | RuntimeException e) {
        // the group is going away: it leads nothing
      }
    }
    return n;
  }

  /** Committed entries not yet applied, summed over the replicas here. */
  long applyLag() {
    long lag = 0;
    for (RaftGroupId gid : server.getGroupIds()) {
      try {
        RaftServer.Division d = server.getDivision(gid);
        lag += Math.max(0, d.getRaftLog().getLastCommittedIndex() - d.getInfo().getLastAppliedIndex());
      } catch (IOException | RuntimeException e) {
        // the group is going away: nothing left to apply
      }
    }
    return lag;
  }

  public RaftStoreConfig config() {
    return config;
  }

  public long storeId() {
    return config.storeId();
  }

  /** The replica of {@code regionId} on this store. */
  public RegionPeer region(long regionId) {
    return peer(regionId);
  }

  RatisRegionPeer peer(long regionId) {
    RatisRegionPeer p = new RatisRegionPeer(this, regionId);
    p.division(); // fails with RegionNotFound when the group is not hosted
    return p;
  }

  /** Whether this store hosts a Raft group of {@code regionId} (it may not have a leader yet). */
  public boolean hosts(long regionId) {
    RaftGroupId gid = groupId(regionId);
    for (RaftGroupId g : server.getGroupIds()) {
      if (g.equals(gid)) {
        return true;
      }
    }
    return false;
  }

  /** The ids of the regions this store hosts. */
  public List<Long> regionIds() {
    List<Long> out = new ArrayList<>();
    for (RaftGroupId gid : server.getGroupIds()) {
      out.add(regionIdOf(gid));
    }
    return out;
  }

  /**
   * Creates this store's replica of a new or moved region: records {@code meta} (which must
   * list this store) and starts its Raft group with {@code meta}'s peers. A replica of an
   * existing region starts empty and catches up from the leader's log or snapshot.
   */
  public CompletableFuture<RegionPeer> createRegion(RegionMeta meta) {
    if (meta.peerOn(config.storeId()) == null) {
      throw new IllegalArgumentException("store " + config.storeId() + " is not a peer of " + meta);
    }
    byte[] existing = engine.get(ColumnFamily.RAFT, RegionKeys.metaKey(meta.id()));
    if (existing == null) {
      WriteBatch b = engine.newWriteBatch();
      b.put(ColumnFamily.RAFT, RegionKeys.metaKey(meta.id()), meta.encode());
      engine.write(b, true);
    }
    return addGroup(meta).thenApply(v -> region(meta.id()));
  }

  /**
   * Creates this store's replica of an existing region that is being moved or re-replicated
   * here, before the leader adds this store with {@link RegionPeer#changePeers}. Any earlier
   * replica of the region on this store must have been removed with {@link #removeRegion}. The
   * replica starts with an "installing" marker: before applying anything it fetches the
   * region from the leader, so it never replays log entries onto a meta it never had.
   *
   * @param meta the region as the leader will have it after the change (listing this store)
   */
  public CompletableFuture<RegionPeer> joinRegion(RegionMeta meta) {
    if (meta.peerOn(config.storeId()) == null) {
      throw new IllegalArgumentException("store " + config.storeId() + " is not a peer of " + meta);
    }
    if (engine.get(ColumnFamily.RAFT, RegionKeys.metaKey(meta.id())) != null) {
      throw new IllegalStateException("store " + config.storeId() + " still holds region " + meta.id() + "; remove it first");
    }
    WriteBatch b = engine.newWriteBatch();
    b.put(ColumnFamily.RAFT, RegionKeys.metaKey(meta.id()), meta.encode());
    b.put(ColumnFamily.RAFT, RegionKeys.installingKey(meta.id()), RegionKeys.encodeApplied(Applied.NONE));
    engine.write(b, true);
    return addGroup(meta, config.storeId()).thenApply(v -> region(meta.id()));
  }

  /**
   * Starts a replica of region {@code target.id()} on another store, over that store's Raft
   * server (Ratis's group management RPC), before the leader adds the store with
   * {@link RegionPeer#changePeers}. The new replica has no region meta yet, so before it
   * applies anything it installs the region from the leader (see {@link RegionStateMachine}).
   * A replica already running there is fine (a retry of a change that failed later).
   *
   * @param target the region as it will be after the change (listing {@code peer})
   * @param peer the new replica, with its store's Raft address
   */
  public CompletableFuture<Void> startReplicaOn(RegionMeta target, PeerMeta peer) {
    // a listener until the configuration names it: a voter's first election could reach the
    // leader before the change does
    RaftGroup group;
    try {
      group = group(target, peer.storeId());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.runAsync(() -> startRemote(target, peer, group), callbackExecutor);
  }

  /**
   * Starts, on its store, a replica that {@code meta} (a region this store leads) already
   * names in Raft's configuration but that store does not run: it caught up by a snapshot taken
   * after a split and so never applied the split that created its replica of this region (see
   * {@link MissingReplicaChecker}). It starts as a voter, as a replica started by the split
   * would have, and installs the region from the leader before it applies anything. A replica
   * already running there is fine. Blocks the caller for the call (about 1.5 s at most when the
   * store does not answer).
   *
   * @throws RegionException {@code ServerIsBusy} when the store could not be reached
   */
  public void startMissingReplica(RegionMeta meta, PeerMeta peer) {
    startRemote(meta, peer, group(meta, 0));
  }

  private void startRemote(RegionMeta target, PeerMeta peer, RaftGroup group) {
    if (!target.peers().contains(peer)) {
      throw new IllegalArgumentException(peer + " is not a peer of " + target);
    }
    RaftPeer remote = raftPeer(peer);
    RaftProperties p = properties(config);
    try (RaftClient client =
        RaftClient.newBuilder()
            .setProperties(p)
            .setParameters(RaftTls.parameters(config))
            .setClientId(ClientId.randomId())
            .setRaftGroup(RaftGroup.valueOf(groupId(target.id()), remote))
            // a dead store must not hold the caller for ever
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3, millis(500)))
            .build()) {
      RaftClientReply reply = client.getGroupManagementApi(remote.getId()).add(group);
      if (!reply.isSuccess()) {
        throw RatisRegionPeer.mapFailure(target.id(), target, reply.getException(), false);
      }
    } catch (AlreadyExistsException e) {
      LOG.info("store {}: region {} already runs on store {}", config.storeId(), target.id(), peer.storeId());
    } catch (IOException e) {
      throw RaftErrors.unavailable(target.id(), "starting a replica on store " + peer.storeId() + " failed", e);
    }
  }

  /**
   * Removes this store's replica: stops and deletes the Raft group (when it still runs), then
   * deletes the region's state and its data from the engine — except where another region this
   * store holds overlaps the range (a replica that missed splits while its store was away has
   * an older, wider range than regions this store may have received since) — so the store can
   * later receive the region anew. Idempotent: a removal in progress is joined, and a region
   * already gone completes at once.
   */
  public CompletableFuture<Void> removeRegion(long regionId) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = removals.putIfAbsent(regionId, mine);
    if (running != null) {
      return running;
    }
    CompletableFuture<Void> stop;
    try {
      stop = hosts(regionId)
          ? admin(regionId, GroupManagementRequest.newRemove(clientId, server.getId(), callIds.incrementAndGet(), groupId(regionId), true, false))
          : CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      stop = CompletableFuture.failedFuture(e);
    }
    stop.thenRun(() -> deleteReplicaState(regionId))
        .whenComplete(
            (v, t) -> {
              removals.remove(regionId, mine);
              complete(mine, v, t);
            });
    return mine;
  }

  private void deleteReplicaState(long regionId) {
    byte[] m = engine.get(ColumnFamily.RAFT, RegionKeys.metaKey(regionId));
    WriteBatch b = engine.newWriteBatch();
    if (m != null) {
      RegionMeta removed = RegionMeta.decode(m);
      List<RegionMeta> others = new ArrayList<>();
      for (RegionMeta o : storedMetas().values()) {
        if (o.id() != regionId && o.peerOn(config.storeId()) != null) {
          others.add(o);
        }
      }
      RegionKeys.deleteDataOutside(engine, b, removed, others);
    }
    b.delete(ColumnFamily.RAFT, RegionKeys.metaKey(regionId));
    b.delete(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId));
    b.delete(ColumnFamily.RAFT, RegionKeys.installingKey(regionId));
    engine.write(b, true);
    observer.onRemoved(regionId);
    LOG.info("store {}: replica of region {} removed", config.storeId(), regionId);
  }

  /** A replica whose applied configuration left this store out: removed off Ratis's threads. */
  private void removeLeftReplica(long regionId) {
    try {
      callbackExecutor.execute(() -> removeRegion(regionId).whenComplete((v, t) -> {
        if (t != null) {
          LOG.warn("store {}: removing the replica of region {}, which left this store, failed (the stale peer check retries)",
              config.storeId(), regionId, t);
        }
      }));
    } catch (RejectedExecutionException closing) {
      // the next start's stale peer check removes it
    }
  }

  /**
   * Writes a snapshot of this store's replica of {@code regionId} into {@code dir}, for a
   * lagging replica elsewhere (the server side of {@link RegionSnapshotSource}).
   */
  public RegionSnapshotFiles.Manifest exportSnapshot(long regionId, Path dir) {
    RegionSnapshotFiles.Manifest m = RegionSnapshotFiles.export(engine, regionId, dir);
    metrics.snapshotSent();
    return m;
  }

  /**
   * Starts the Raft group of a region split off on this store. Called on Ratis's apply thread,
   * so the group is added from the callback pool; a failure is left to the start-up reconcile.
   */
  private void startSplitChild(RegionMeta child) {
    if (child.peerOn(config.storeId()) == null) {
      return;
    }
    childStarts.incrementAndGet();
    try {
      callbackExecutor.execute(
          () -> {
            if (regionIds().contains(child.id())) {
              childStarts.decrementAndGet();
              return;
            }
            addGroup(child)
                .whenComplete(
                    (v, t) -> {
                      childStarts.decrementAndGet();
                      if (t != null) {
                        LOG.error("store {}: starting split region {} failed", config.storeId(), child.id(), t);
                      }
                    });
          });
    } catch (RuntimeException e) {
      childStarts.decrementAndGet();
      LOG.error("store {}: could not start split region {} (the next start adds it)", config.storeId(), child.id(), e);
    }
  }

  private CompletableFuture<Void> addGroup(RegionMeta meta) {
    return addGroup(meta, 0);
  }

  private CompletableFuture<Void> addGroup(RegionMeta meta, long listenerStore) {
    return admin(meta.id(), GroupManagementRequest.newAdd(clientId, server.getId(), callIds.incrementAndGet(), group(meta, listenerStore)));
  }

  /**
   * The Raft group of {@code meta}'s peers. A replica about to be added by a membership change
   * ({@code listenerStore}; 0 for none) starts as a listener: it takes the leader's log but never
   * campaigns. Started as a voter before the leader's configuration names it, its first election
   * timeout would fire, and a leader that does not know the candidate answers its pre-vote by
   * shutting it down — the change then stalls for want of a replica to catch up.
   */
  private static RaftGroup group(RegionMeta meta, long listenerStore) {
    List<RaftPeer> peers = new ArrayList<>();
    for (PeerMeta p : meta.peers()) {
      RaftPeer rp = raftPeer(p);
      if (p.storeId() == listenerStore) {
        rp = RaftPeer.newBuilder(rp).setStartupRole(RaftPeerRole.LISTENER).build();
      }
      peers.add(rp);
    }
    return RaftGroup.valueOf(groupId(meta.id()), peers);
  }

  private CompletableFuture<Void> admin(long regionId, GroupManagementRequest req) {
    return handOff(server.groupManagementAsync(req).orTimeout(config.requestTimeout().toMillis() * 6, TimeUnit.MILLISECONDS)).thenApply(
        reply -> {
          if (!reply.isSuccess()) {
            throw RatisRegionPeer.mapFailure(regionId, null, reply.getException(), false);
          }
          return null;
        });
  }

  /** Every region meta recorded in the engine, by id. */
  private Map<Long, RegionMeta> storedMetas() {
    Map<Long, RegionMeta> metas = new HashMap<>();
    try (EngineIterator it = engine.iterator(ColumnFamily.RAFT, RegionKeys.regionStateStart(), RegionKeys.regionStateEnd())) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        long id = RegionKeys.regionIdOfMetaKey(it.key());
        if (id > 0) {
          metas.put(id, RegionMeta.decode(it.value()));
        }
      }
    }
    return metas;
  }

  private void reconcile() throws IOException {
    Map<Long, RegionMeta> metas = storedMetas();
    Set<Long> hosted = new HashSet<>(regionIds());
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (long id : hosted) {
      RegionMeta m = metas.get(id);
      if (m == null) {
        LOG.warn("store {}: removing Raft group of region {}, which has no region meta", config.storeId(), id);
        pending.add(admin(id, GroupManagementRequest.newRemove(clientId, server.getId(), callIds.incrementAndGet(), groupId(id), true, false)));
      }
    }
    for (long id : hosted) {
      RegionMeta m = metas.get(id);
      if (m != null && m.peerOn(config.storeId()) != null && configurationLost(id)) {
        // a group half-added when the process died (a split child, typically) comes back
        // without its configuration and would never elect; its data is in the engine, so
        // it is started again from the region meta
        LOG.warn("store {}: Raft group of region {} has no configuration; starting it again", config.storeId(), id);
        pending.add(admin(id, GroupManagementRequest.newRemove(clientId, server.getId(), callIds.incrementAndGet(), groupId(id), true, false))
            .thenCompose(v -> addGroup(m)));
      }
    }
    for (RegionMeta m : metas.values()) {
      if (!hosted.contains(m.id()) && m.peerOn(config.storeId()) != null) {
        LOG.info("store {}: adding Raft group of region {} (meta without group)", config.storeId(), m.id());
        pending.add(addGroup(m));
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
  }

  private boolean configurationLost(long regionId) {
    try {
      return server.getDivision(groupId(regionId)).getRaftConf().getCurrentPeers().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Moves the completion of a Ratis future off Ratis's own threads. A callback that calls
   * back into Ratis on the thread completing a reply (the leader's state thread) deadlocks,
   * so nothing Cairn hands out completes there.
   */
  <T> CompletableFuture<T> handOff(CompletableFuture<T> ratisFuture) {
    CompletableFuture<T> out = new CompletableFuture<>();
    ratisFuture.whenComplete(
        (v, t) -> {
          try {
            callbackExecutor.execute(() -> complete(out, v, t));
          } catch (RejectedExecutionException closing) {
            // the store is closing: nobody may call back into Ratis now anyway
            complete(out, v, t);
          }
        });
    return out;
  }

  private static <T> void complete(CompletableFuture<T> out, T v, Throwable t) {
    if (t != null) {
      out.completeExceptionally(t);
    } else {
      out.complete(v);
    }
  }

  RaftServer server() {
    return server;
  }

  ClientId clientId() {
    return clientId;
  }

  long nextCallId() {
    return callIds.incrementAndGet();
  }

  public static RaftGroupId groupId(long regionId) {
    return RaftGroupId.valueOf(new UUID(0, regionId));
  }

  static long regionIdOf(RaftGroupId gid) {
    return gid.getUuid().getLeastSignificantBits();
  }

  static RaftPeerId peerId(long storeId) {
    return RaftPeerId.valueOf(Long.toString(storeId));
  }

  /** The Raft member for {@code p}: named by its store, reached at its address. */
  static RaftPeer raftPeer(PeerMeta p) {
    if (p.address().isEmpty()) {
      throw new IllegalArgumentException(p + " has no Raft address");
    }
    return RaftPeer.newBuilder().setId(peerId(p.storeId())).setAddress(p.address()).build();
  }

  /** Stops the Raft server (all regions of this store); idempotent. Leaves the engine open. */
  @Override
  public void close() {
    // Let split children finish starting first: a group half-added when the server stops may
    // come back without its configuration, and never elect a leader.
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    while (childStarts.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (childStarts.get() > 0) {
      LOG.warn("store {}: closing with {} split regions still starting", config.storeId(), childStarts.get());
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("store {}: closing the Raft server failed", config.storeId(), e);
    } finally {
      installExecutor.shutdownNow();
      callbackExecutor.shutdown();
    }
  }
}
