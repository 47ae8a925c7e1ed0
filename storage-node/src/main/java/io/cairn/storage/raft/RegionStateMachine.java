package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionMeta;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one region replica: applies {@link RaftCommand}s to the shared
 * engine and installs region snapshots fetched from the leader. Ratis creates one instance
 * per group (re-)load and calls it from its own threads; applies come from one thread.
 *
 * <p>Each applied entry becomes one engine batch (WAL on, no sync): the command's
 * mutations, any new region meta and the applied {@code term:index} ({@link RegionKeys}).
 * Entries at or below the persisted applied index are skipped, so a restart that replays the
 * Raft log from the last snapshot never applies an entry twice.
 *
 * <p>RocksDB is the snapshot: {@link #takeSnapshot()} flushes the engine and writes a small
 * Ratis snapshot file (applied term/index and meta) under a temporary name, its
 * {@code .md5}, then renames it. Ratis never ships it (its install is off); a lagging
 * follower is told {@link #notifyInstallSnapshotFromLeader} and fetches the region's data.
 *
 * <p>A split entry shrinks this region (it keeps the right-most piece) and writes the
 * children's metas in the same batch; after the write, {@code onSplit} is told of each child
 * so the store starts its group. The {@link RegionObserver} hears of every meta this replica
 * loads or applies, of splits and of leader changes.
 *
 * <p>Install: write an "installing" marker together with the deletion of the region's data,
 * load the fetched SST entries, then write meta and applied index and drop the marker in one
 * batch. A replica that restarts with the marker set reinstalls from the leader before it
 * applies anything; a replica joining an existing region starts with the marker set, so it
 * gets the data by snapshot rather than by replaying the log onto a meta it never had.
 */
final class RegionStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(RegionStateMachine.class);
  private static final long INSTALL_BATCH_BYTES = 4L << 20;

  static final byte RESULT_OK = 0;
  static final byte RESULT_EPOCH_NOT_MATCH = 1;
  static final byte RESULT_MALFORMED = 2;
  static final byte RESULT_SKIPPED = 3;

  private final long regionId;
  private final KvEngine engine;
  private final Runnable engineFlush;
  private final RegionSnapshotSource snapshotSource;
  private final Executor installExecutor;
  private final Duration installTimeout;
  private final java.util.function.Consumer<RegionMeta> onSplit;
  private final java.util.function.LongConsumer onLeft;
  private final RegionObserver observer;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final AtomicLong applyCount = new AtomicLong();
  private final AtomicLong installCount = new AtomicLong();
  private final RegionLocks locks = new RegionLocks();
  private final RaftMetrics metrics;

  private volatile RegionMeta meta;
  private volatile Applied persisted = Applied.NONE;
  private volatile boolean installPending;
  private volatile Path smDir;
  // Ratis 3.3.0's SimpleStateMachineStorage.getLatestSnapshot() races with
  // updateLatestSnapshot (NPE when it rescans an empty dir while a snapshot is being
  // recorded), so the latest snapshot is tracked here and the storage only scans at load.
  private volatile SingleFileSnapshotInfo latestSnapshot;

  RegionStateMachine(
      long regionId,
      KvEngine engine,
      Runnable engineFlush,
      RegionSnapshotSource snapshotSource,
      Executor installExecutor,
      Duration installTimeout,
      java.util.function.Consumer<RegionMeta> onSplit,
      java.util.function.LongConsumer onLeft,
      RegionObserver observer,
      RaftMetrics metrics) {
    this.regionId = regionId;
    this.engine = engine;
    this.engineFlush = engineFlush;
    this.snapshotSource = snapshotSource;
    this.installExecutor = installExecutor;
    this.installTimeout = installTimeout;
    this.onSplit = onSplit;
    this.onLeft = onLeft;
    this.observer = observer;
    this.metrics = metrics;
  }

  long regionId() {
    return regionId;
  }

  /** The region as last applied, or null before the replica has a meta. */
  RegionMeta meta() {
    return meta;
  }

  Applied persistedApplied() {
    return persisted;
  }

  /** Entries applied to the engine by this instance (replayed, skipped entries excluded). */
  long applyCount() {
    return applyCount.get();
  }

  long installCount() {
    return installCount.get();
  }

  /** The region's locks as of the applied index, for its safe ts. */
  RegionLocks.Resolved resolvedLocks() {
    return locks.resolved();
  }

  /** The index of the last entry applied here (visible in the engine). */
  long appliedIndex() {
    return getLastAppliedTermIndex().getIndex();
  }

  /** True while the replica has no usable data (joining, or an install is in progress). */
  boolean installPending() {
    return installPending;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    getLifeCycle().startAndTransition(this::load);
  }

  @Override
  public void pause() {
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public void reinitialize() throws IOException {
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.PAUSED) {
      lc.startAndTransition(this::load);
    } else {
      load();
    }
  }

  private void load() {
    latestSnapshot = storage.loadLatestSnapshot();
    byte[] m = engine.get(ColumnFamily.RAFT, RegionKeys.metaKey(regionId));
    meta = m == null ? null : RegionMeta.decode(m);
    persisted = RegionKeys.decodeApplied(engine.get(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId)));
    // No meta at all: the replica was started here by the leader's store (a membership change
    // adding this store) and has nothing yet; it installs from the leader like a joiner.
    installPending = meta == null || engine.get(ColumnFamily.RAFT, RegionKeys.installingKey(regionId)) != null;
    if (!installPending) {
      locks.rebuild(engine, meta, persisted.index());
    }
    SingleFileSnapshotInfo snap = latestSnapshot;
    if (snap != null) {
      setLastAppliedTermIndex(snap.getTermIndex());
    }
    if (installPending) {
      LOG.warn("region {}: no usable data (joining, or an install was interrupted); installing before applying", regionId);
    }
    RegionMeta loaded = meta;
    if (loaded != null) {
      observer.onRegion(loaded);
    }
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return latestSnapshot;
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    if (index <= persisted.index()) {
      updateLastAppliedTermIndex(term, index);
      return CompletableFuture.completedFuture(result(RESULT_SKIPPED, term, index));
    }
    if (installPending) {
      resumeInterruptedInstall(index - 1);
      if (index <= persisted.index()) {
        updateLastAppliedTermIndex(term, index);
        return CompletableFuture.completedFuture(result(RESULT_SKIPPED, term, index));
      }
    }
    long applyStart = System.nanoTime();
    WriteBatch batch = engine.newWriteBatch();
    byte outcome = RESULT_OK;
    RegionMeta newMeta = null;
    List<RegionMeta> pieces = null;
    List<Mutation> written = List.of();
    RegionMeta before = meta;
    try {
      RaftCommand cmd = RaftCommand.decode(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
      RegionMeta current = meta;
      if (current == null
          || current.epoch().version() != cmd.epoch().version()
          || ((cmd.newMeta() != null || cmd.split() != null) && current.epoch().confVer() != cmd.epoch().confVer())) {
        outcome = RESULT_EPOCH_NOT_MATCH;
      } else if (cmd.split() != null) {
        // Keys and ids are checked here, on every replica alike: a bad split is a no-op.
        List<RegionMeta> all = current.split(cmd.split().splitKeys(), cmd.split().newRegions());
        // One batch: the parent shrinks and the children exist (applied index 0, no log
        // yet). The children own the keys already in the engine; nothing is copied. A child
        // whose replica already runs here keeps its own, newer state: its leader started it
        // while this replica lagged (see RaftStore#startMissingReplica).
        pieces = new ArrayList<>(all.size());
        for (RegionMeta piece : all) {
          if (piece.id() != regionId
              && engine.get(ColumnFamily.RAFT, RegionKeys.metaKey(piece.id())) != null) {
            LOG.info("region {}: split child {} already runs here; its state is kept", regionId,
                piece.id());
            continue;
          }
          pieces.add(piece);
          batch.put(ColumnFamily.RAFT, RegionKeys.metaKey(piece.id()), piece.encode());
          if (piece.id() == regionId) {
            newMeta = piece;
          }
        }
      } else {
        for (Mutation mu : cmd.mutations()) {
          switch (mu) {
            case Mutation.Put p -> batch.put(p.cf(), p.key(), p.value());
            case Mutation.Delete d -> batch.delete(d.cf(), d.key());
            case Mutation.DeleteRange r -> batch.deleteRange(r.cf(), r.start(), r.end());
          }
        }
        written = cmd.mutations();
        if (cmd.newMeta() != null) {
          if (cmd.newMeta().id() != regionId) {
            throw new IllegalArgumentException("meta of region " + cmd.newMeta().id());
          }
          newMeta = cmd.newMeta();
          batch.put(ColumnFamily.RAFT, RegionKeys.metaKey(regionId), newMeta.encode());
        }
      }
    } catch (IllegalArgumentException malformed) {
      // Deterministic on every replica: the entry is consumed as a no-op.
      LOG.error("region {}: malformed command at {}:{}", regionId, term, index, malformed);
      batch.clear();
      newMeta = null;
      pieces = null;
      written = List.of();
      outcome = RESULT_MALFORMED;
    }
    Applied applied = new Applied(term, index);
    batch.put(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId), RegionKeys.encodeApplied(applied));
    // An engine failure here is fatal for this replica: it propagates to Ratis, which stops
    // the division rather than let the replica diverge.
    engine.write(batch, false);
    if (newMeta != null) {
      meta = newMeta;
    }
    // counted before the index is visible, so a safe ts computed at it sees these locks
    if (pieces != null || !locks.apply(written, index)) {
      locks.rebuild(engine, meta, index);
    }
    persisted = applied;
    applyCount.incrementAndGet();
    metrics.applied(System.nanoTime() - applyStart);
    updateLastAppliedTermIndex(term, index);
    if (pieces != null) {
      observer.onSplit(before, pieces);
      for (RegionMeta piece : pieces) {
        if (piece.id() != regionId) {
          onSplit.accept(piece);
        }
      }
    } else if (newMeta != null) {
      observer.onRegion(newMeta);
    }
    return CompletableFuture.completedFuture(result(outcome, term, index));
  }

  /**
   * Keeps Raft's configuration and the region meta in agreement. {@link RegionPeer#changePeers}
   * records the peers (with their ids) through the log before it changes the configuration, so
   * a committed configuration normally names the stores the meta already lists and nothing is
   * written. A configuration changed any other way still becomes the region's peers and
   * {@code conf_ver}, in the same batch as its applied index, on every replica; a store the meta
   * did not list then gets peer id 0, as Ratis's configuration carries no peer ids. The joint
   * (old + new) stage is skipped; replayed entries are too.
   *
   * <p>A configuration that no longer names this store (the joint stage of its removal,
   * applied, so committed: the new configuration needs no vote from here any more) makes the
   * store remove this replica, its group and its data ({@code onLeft}) — when the region meta,
   * which {@link RegionPeer#changePeers} records first, has left the store out too, so a
   * configuration entry from before the store joined can never make it delete itself.
   */
  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
    RegionMeta current = meta;
    if (index > persisted.index() && !installPending && current != null
        && current.peerOn(selfStore()) == null
        && conf.getPeersList().stream()
            .noneMatch(p -> storeIdOf(p.getId().toStringUtf8()) == selfStore())) {
      LOG.info("region {}: the configuration at {}:{} leaves store {} out; removing the replica",
          regionId, term, index, selfStore());
      onLeft.accept(regionId);
      return;
    }
    if (index <= persisted.index() || installPending || current == null || conf.getOldPeersCount() > 0) {
      return;
    }
    List<PeerMeta> peers = new java.util.ArrayList<>();
    for (RaftPeerProto p : conf.getPeersList()) {
      long store = storeIdOf(p.getId().toStringUtf8());
      PeerMeta known = current.peerOn(store);
      peers.add(new PeerMeta(known == null ? 0 : known.id(), store, p.getAddress()));
    }
    if (storeIds(peers).equals(storeIds(current.peers()))) {
      return;
    }
    LOG.warn("region {}: configuration at {}:{} names stores the region meta does not list", regionId, term, index);
    RegionMeta next = current.withPeers(peers);
    Applied applied = new Applied(term, index);
    WriteBatch batch = engine.newWriteBatch();
    batch.put(ColumnFamily.RAFT, RegionKeys.metaKey(regionId), next.encode());
    batch.put(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId), RegionKeys.encodeApplied(applied));
    engine.write(batch, false);
    meta = next;
    locks.advance(index);
    persisted = applied;
    observer.onRegion(next);
    LOG.info("region {}: peers changed at {}:{} to {}", regionId, term, index, next.peers());
  }

  private static java.util.Set<Long> storeIds(List<PeerMeta> peers) {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    peers.forEach(p -> ids.add(p.storeId()));
    return ids;
  }

  /**
   * Configuration and no-op entries advance the applied index without a command; persisting
   * it keeps the exported snapshot index equal to what Ratis expects after a purge.
   */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    if (index > persisted.index() && !installPending && meta != null) {
      Applied applied = new Applied(term, index);
      WriteBatch batch = engine.newWriteBatch();
      batch.put(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId), RegionKeys.encodeApplied(applied));
      engine.write(batch, false);
      persisted = applied;
    }
    locks.advance(index);
    updateLastAppliedTermIndex(term, index);
  }

  /** Tells the observer; the term is read from the division, which has switched already. */
  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    long term = 0;
    try {
      term = getServer().join().getDivision(getGroupId()).getInfo().getCurrentTerm();
    } catch (IOException | RuntimeException e) {
      // the division is going away; the term stays unknown
    }
    metrics.leaderChanged();
    observer.onLeader(regionId, newLeaderId == null ? 0 : storeIdOf(newLeaderId.toString()), term);
  }

  private static Message result(byte outcome, long term, long index) {
    return Message.valueOf(
        org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations.unsafeWrap(
            ByteBuffer.allocate(17).put(outcome).putLong(term).putLong(index).array()));
  }

  /** Answers a read barrier with the applied index (Ratis calls it once the read index is applied). */
  @Override
  public CompletableFuture<Message> query(Message request) {
    if (installPending) {
      return CompletableFuture.failedFuture(new IllegalStateException("region " + regionId + " is installing a snapshot"));
    }
    long applied = getLastAppliedTermIndex().getIndex();
    return CompletableFuture.completedFuture(
        Message.valueOf(
            org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations.unsafeWrap(
                ByteBuffer.allocate(8).putLong(applied).array())));
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex ti = getLastAppliedTermIndex();
    if (ti.getIndex() <= 0 || installPending) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    engineFlush.run();
    writeSnapshotFile(ti);
    return ti.getIndex();
  }

  /** The 0-byte snapshot race: the file is complete, with its md5, before it gets its name. */
  private void writeSnapshotFile(TermIndex ti) throws IOException {
    RegionMeta m = meta;
    byte[] mb = m == null ? new byte[0] : m.encode();
    File target = storage.getSnapshotFile(ti.getTerm(), ti.getIndex());
    Path tmp = target.toPath().resolveSibling("pending-" + ti.getTerm() + "-" + ti.getIndex() + ".tmp");
    Files.write(tmp, ByteBuffer.allocate(16 + mb.length).putLong(ti.getTerm()).putLong(ti.getIndex()).put(mb).array());
    MD5Hash md5 = MD5FileUtil.computeMd5ForFile(tmp.toFile());
    MD5FileUtil.saveMD5File(target, md5);
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    latestSnapshot = storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), ti));
  }

  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
    long leader = storeIdOf(roleInfo.getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8());
    LOG.info("region {}: behind the leader's log (first {}), installing from store {}", regionId, firstTermIndexInLog, leader);
    return CompletableFuture.supplyAsync(() -> installFrom(leader, firstTermIndexInLog.getIndex() - 1), installExecutor);
  }

  /**
   * Installs the leader's snapshot before the first apply of a replica whose data is not
   * usable: an install was interrupted, or the replica just joined and starts empty. The
   * snapshot must cover {@code minIndex}, the entry before the one about to be applied.
   */
  private void resumeInterruptedInstall(long minIndex) {
    long deadline = System.nanoTime() + installTimeout.toNanos();
    while (true) {
      long leader = currentLeaderStore();
      if (leader != 0 && leader != selfStore()) {
        installFrom(leader, minIndex);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("region " + regionId + ": no other leader to reinstall from");
      }
      sleepQuietly(50);
    }
  }

  /** Fetches, installs and persists the leader's snapshot; the result covers {@code minIndex}. */
  private TermIndex installFrom(long leaderStore, long minIndex) {
    long deadline = System.nanoTime() + installTimeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      Path dir = smDir.resolve("install-" + System.nanoTime());
      try {
        snapshotSource.fetch(regionId, leaderStore, dir).get(installTimeout.toMillis(), TimeUnit.MILLISECONDS);
        RegionSnapshotFiles.Manifest manifest = RegionSnapshotFiles.readManifest(dir);
        if (manifest.meta().id() != regionId) {
          throw new IllegalStateException("snapshot of region " + manifest.meta().id() + " for region " + regionId);
        }
        if (manifest.applied().index() < minIndex) {
          // The leader has committed but not yet applied up to its log start; ask again.
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("leader snapshot at " + manifest.applied() + " stays below " + minIndex);
          }
          sleepQuietly(50);
          continue;
        }
        install(manifest, dir);
        return TermIndex.valueOf(manifest.applied().term(), manifest.applied().index());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted installing region " + regionId, e);
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("region " + regionId + ": snapshot install failed", e);
        }
        LOG.warn("region {}: snapshot install attempt {} failed, retrying", regionId, attempt, e);
        sleepQuietly(200);
      } finally {
        deleteTree(dir);
      }
    }
  }

  private void install(RegionSnapshotFiles.Manifest manifest, Path dir) throws IOException {
    WriteBatch begin = engine.newWriteBatch();
    begin.put(ColumnFamily.RAFT, RegionKeys.installingKey(regionId), RegionKeys.encodeApplied(manifest.applied()));
    RegionMeta old = meta;
    if (old != null) {
      RegionKeys.deleteData(engine, begin, old);
    }
    RegionKeys.deleteData(engine, begin, manifest.meta());
    engine.write(begin, true);
    installPending = true;
    long entries = 0;
    for (var e : RegionSnapshotFiles.sstFiles(dir).entrySet()) {
      entries += RegionSnapshotFiles.load(engine, e.getKey(), e.getValue(), INSTALL_BATCH_BYTES);
    }
    WriteBatch end = engine.newWriteBatch();
    end.put(ColumnFamily.RAFT, RegionKeys.metaKey(regionId), manifest.meta().encode());
    end.put(ColumnFamily.RAFT, RegionKeys.appliedKey(regionId), RegionKeys.encodeApplied(manifest.applied()));
    end.delete(ColumnFamily.RAFT, RegionKeys.installingKey(regionId));
    engine.write(end, false);
    engineFlush.run();
    // counted before the applied index is published, so whoever sees the index sees the count
    installCount.incrementAndGet();
    locks.rebuild(engine, manifest.meta(), manifest.applied().index());
    metrics.snapshotReceived();
    meta = manifest.meta();
    persisted = manifest.applied();
    installPending = false;
    observer.onRegion(manifest.meta());
    writeSnapshotFile(TermIndex.valueOf(manifest.applied().term(), manifest.applied().index()));
    LOG.info("region {}: installed snapshot at {} ({} entries)", regionId, manifest.applied(), entries);
  }

  private long currentLeaderStore() {
    try {
      RaftPeerId id = getServer().join().getDivision(getGroupId()).getInfo().getLeaderId();
      return id == null ? 0 : storeIdOf(id.toString());
    } catch (IOException e) {
      return 0;
    }
  }

  private long selfStore() {
    return storeIdOf(getId().toString());
  }

  static long storeIdOf(String peerId) {
    try {
      return Long.parseLong(peerId);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
