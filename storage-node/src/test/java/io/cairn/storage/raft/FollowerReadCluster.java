package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftRegionEngineTest.WAIT;
import static io.cairn.storage.raft.RaftTestCluster.await;

import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.region.IdAllocator;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.txn.ConcurrencyManager;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Three Raft stores ({@link RaftTestCluster}) with follower reads: per store a
 * {@link ConcurrencyManager}, a {@link FollowerReads} reached through the real
 * {@link FollowerReadService} on an in-process gRPC server, and a region engine using them. A
 * shared counter plays PD's TSO. {@link #cut} drops the safe ts pushes to a store (a follower
 * cut off from its leader hears nothing); {@link #isolate} also fails its read index calls.
 * Safe ts rounds run only when a test calls {@link #advance}.
 */
final class FollowerReadCluster implements AutoCloseable {
  static final int STORES = 3;

  final RaftTestCluster raft;
  private final String prefix = "follower-reads-" + System.nanoTime();
  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis() << 18);
  private final AtomicLong regionIds = new AtomicLong(1000);
  private final Map<Long, ConcurrencyManager> concurrency = new ConcurrentHashMap<>();
  private final Map<Long, FollowerReads> reads = new ConcurrentHashMap<>();
  private final Map<Long, RaftRegionEngine> engines = new ConcurrentHashMap<>();
  private final Map<Long, Server> servers = new ConcurrentHashMap<>();
  private final List<FollowerReadService.Link> links = new ArrayList<>();
  private final Set<Long> cut = ConcurrentHashMap.newKeySet();
  private final Set<Long> isolated = ConcurrentHashMap.newKeySet();

  FollowerReadCluster(Path dir, UnaryOperator<RaftStoreConfig.Builder> tuning) throws IOException {
    AtomicLong ids = new AtomicLong(1_000_000);
    IdAllocator alloc = ids::incrementAndGet;
    raft = new RaftTestCluster(dir, STORES, tuning, alloc);
    try {
      for (long s = 1; s <= STORES; s++) {
        long store = s;
        FollowerReadService.Link grpc = FollowerReadService.link(id -> prefix + "-" + id,
            name -> InProcessChannelBuilder.forName(name).directExecutor().build(), Duration.ofSeconds(10));
        links.add(grpc);
        StoreLink link = new StoreLink() {
          @Override
          public CompletableFuture<Long> readIndex(long storeId, long regionId, RegionEpoch epoch, long readTs) {
            if (isolated.contains(store) || isolated.contains(storeId)) {
              return CompletableFuture.failedFuture(new IllegalStateException("store " + store + " is isolated"));
            }
            return grpc.readIndex(storeId, regionId, epoch, readTs);
          }

          @Override
          public CompletableFuture<Void> pushSafeTs(long storeId, long fromStoreId, List<SafeTsUpdate> updates) {
            if (cut.contains(storeId) || isolated.contains(storeId)) {
              return CompletableFuture.failedFuture(new IllegalStateException("store " + storeId + " is cut off"));
            }
            return grpc.pushSafeTs(storeId, fromStoreId, updates);
          }
        };
        ConcurrencyManager cm = new ConcurrencyManager();
        FollowerReads fr = new FollowerReads(raft.store(s), cm, link, this::tso, Duration.ofSeconds(1));
        concurrency.put(s, cm);
        reads.put(s, fr);
        engines.put(s, new RaftRegionEngine(raft.store(s), raft.engine(s), raft.registry(s), alloc, fr));
        servers.put(s, InProcessServerBuilder.forName(prefix + "-" + s).directExecutor()
            .addService(FollowerReadService.service(fr)).build().start());
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A fresh timestamp of the test's PD. */
  long tso() {
    return clock.addAndGet(1 << 18);
  }

  ConcurrencyManager concurrency(long store) {
    return concurrency.get(store);
  }

  FollowerReads reads(long store) {
    return reads.get(store);
  }

  RaftRegionEngine engine(long store) {
    return engines.get(store);
  }

  SnapshotReader reader(long store) {
    return new SnapshotReader(engines.get(store));
  }

  TxnStore txn(long store) {
    return new TxnStore(engines.get(store), new Latches(64), new LockWaitManager(new DeadlockDetector()));
  }

  /** Drops every safe ts push to {@code store} from now on. */
  void cut(long store) {
    cut.add(store);
  }

  /** Fails the read index calls {@code store} makes or receives, and the pushes to it. */
  void isolate(long store) {
    isolated.add(store);
  }

  void heal() {
    cut.clear();
    isolated.clear();
  }

  /** One safe ts round on every store (only leaders publish). */
  void advance() {
    reads.values().forEach(FollowerReads::advanceOnce);
  }

  /**
   * A region over the user keys {@code [name, name + "\xff")} on all stores, led by store 1,
   * known to every store's registry with its leader.
   */
  RegionMeta createRegion(String name) {
    long id = regionIds.incrementAndGet();
    byte[] start = name.getBytes(StandardCharsets.UTF_8);
    byte[] end = (name + "\u007f").getBytes(StandardCharsets.UTF_8);
    List<PeerMeta> peers = raft.peers(1, 2, 3);
    RegionMeta meta = new RegionMeta(id, KeyMode.TXN.toRegionKey(start), KeyMode.TXN.toRegionKey(end),
        RegionEpoch.INITIAL, peers);
    List<CompletableFuture<RegionPeer>> fs = new ArrayList<>();
    for (long s = 1; s <= STORES; s++) {
      fs.add(raft.store(s).createRegion(meta));
    }
    fs.forEach(CompletableFuture::join);
    RaftRegionEngineTest.awaitServedBy(raft, id, 1);
    for (long s = 2; s <= STORES; s++) {
      long store = s;
      await(WAIT, () -> raft.registry(store).state(id) != null && raft.registry(store).state(id).leader() != null
          && raft.registry(store).state(id).leader().storeId() == 1, "store " + s + " to learn region " + id + "'s leader");
    }
    return meta;
  }

  @Override
  public void close() {
    reads.values().forEach(FollowerReads::close);
    servers.values().forEach(Server::shutdownNow);
    links.forEach(FollowerReadService.Link::close);
    raft.close();
  }
}
