package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.region.IdAllocator;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Stores on loopback in one JVM, each with its own RocksEngine and Raft server, for tests
 * and the benchmark. Snapshots are fetched by calling the leader store directly. Stores can
 * be stopped (server and engine closed, as after a kill) and restarted on the same dirs.
 */
final class RaftTestCluster implements AutoCloseable {
  private final Path root;
  private final UnaryOperator<RaftStoreConfig.Builder> tuning;
  private final Map<Long, Integer> ports = new ConcurrentHashMap<>();
  private final Map<Long, RaftStore> stores = new ConcurrentHashMap<>();
  private final Map<Long, RocksEngine> engines = new ConcurrentHashMap<>();
  private final Map<Long, RegionRegistry> registries = new ConcurrentHashMap<>();
  private final IdAllocator ids;

  RaftTestCluster(Path root, int storeCount, UnaryOperator<RaftStoreConfig.Builder> tuning) throws IOException {
    this(root, storeCount, tuning, () -> {
      throw new UnsupportedOperationException("this test cluster allocates no ids");
    });
  }

  /** As the other constructor; {@code ids} serves the region engines' splits. */
  RaftTestCluster(Path root, int storeCount, UnaryOperator<RaftStoreConfig.Builder> tuning, IdAllocator ids) throws IOException {
    this.root = root;
    this.tuning = tuning;
    this.ids = ids;
    for (long s = 1; s <= storeCount; s++) {
      ports.put(s, freePort());
    }
    for (long s = 1; s <= storeCount; s++) {
      start(s);
    }
  }

  static RaftStoreConfig.Builder defaults(RaftStoreConfig.Builder b) {
    return b.electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000)).requestTimeout(Duration.ofSeconds(10));
  }

  /** Opens the engine of a stopped store, as a crash would have left it, for {@code edit}. */
  void editStoppedEngine(long storeId, java.util.function.Consumer<KvEngine> edit) {
    if (stores.containsKey(storeId)) {
      throw new IllegalStateException("store " + storeId + " is running");
    }
    try (RocksEngine engine = openEngine(storeId)) {
      edit.accept(engine);
    }
  }

  private RocksEngine openEngine(long storeId) {
    return RocksEngine.open(
            RocksEngineOptions.builder(root.resolve("s" + storeId).resolve("db"))
                .blockCacheBytes(8L << 20)
                .memtableBudgetBytes(32L << 20)
                .writeBufferBytes(4L << 20)
                .maxBackgroundJobs(2)
                .build());
  }

  void start(long storeId) throws IOException {
    RocksEngine engine = openEngine(storeId);
    RaftStoreConfig config =
        tuning.apply(RaftStoreConfig.builder(storeId, "127.0.0.1", ports.get(storeId), root.resolve("s" + storeId).resolve("raft"))).build();
    // a restarted node starts with an empty routing view, which the replicas fill as they load
    RegionRegistry registry = new RegionRegistry(storeId, ids);
    registries.put(storeId, registry);
    try {
      stores.put(storeId, RaftStore.open(config, engine, engine::flush, this::fetch, new RegistryMirror(registry)));
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
    engines.put(storeId, engine);
  }

  /** Closes a store's Raft server and engine; its dirs stay for {@link #start}. */
  void stop(long storeId) {
    RaftStore s = stores.remove(storeId);
    if (s != null) {
      s.close();
    }
    RocksEngine e = engines.remove(storeId);
    if (e != null) {
      e.close();
    }
  }

  private CompletableFuture<Void> fetch(long regionId, long leaderStoreId, Path dir) {
    return CompletableFuture.runAsync(
        () -> {
          RaftStore leader = stores.get(leaderStoreId);
          if (leader == null) {
            throw new IllegalStateException("store " + leaderStoreId + " is down");
          }
          leader.exportSnapshot(regionId, dir);
        });
  }

  RaftStore store(long storeId) {
    RaftStore s = stores.get(storeId);
    if (s == null) {
      throw new IllegalStateException("store " + storeId + " is down");
    }
    return s;
  }

  KvEngine engine(long storeId) {
    return engines.get(storeId);
  }

  /** The routing view of a running store, mirrored from its replicas. */
  RegionRegistry registry(long storeId) {
    return registries.get(storeId);
  }

  /** A region engine over a running store (cheap: make one per use). */
  RaftRegionEngine regionEngine(long storeId) {
    return new RaftRegionEngine(store(storeId), engine(storeId), registry(storeId), ids);
  }

  List<Long> liveStores() {
    return new ArrayList<>(stores.keySet());
  }

  /** The replicas on {@code storeIds}; the peer on store {@code s} has id {@code 100 + s}. */
  List<PeerMeta> peers(long... storeIds) {
    List<PeerMeta> out = new ArrayList<>();
    for (long s : storeIds) {
      out.add(new PeerMeta(100 + s, s, "127.0.0.1:" + ports.get(s)));
    }
    return out;
  }

  /** Creates region {@code regionId} over the whole key space on {@code storeIds}. */
  RegionMeta createRegion(long regionId, long... storeIds) {
    RegionMeta meta = new RegionMeta(regionId, new byte[0], new byte[0], RegionEpoch.INITIAL, peers(storeIds));
    List<CompletableFuture<RegionPeer>> fs = new ArrayList<>();
    for (long s : storeIds) {
      fs.add(store(s).createRegion(meta));
    }
    fs.forEach(CompletableFuture::join);
    return meta;
  }

  /** Waits for a leader of {@code regionId} among the live stores and returns its replica. */
  RegionPeer awaitLeader(long regionId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (RaftStore s : stores.values()) {
        try {
          RegionPeer p = s.region(regionId);
          if (p.isLeader()) {
            return p;
          }
        } catch (RegionException e) {
          // not hosted there (yet)
        }
      }
      pause(20);
    }
    StringBuilder state = new StringBuilder();
    for (RaftStore s : stores.values()) {
      state.append(" store ").append(s.storeId()).append(" hosts ").append(s.regionIds());
      try {
        state.append(", role ").append(((RatisRegionPeer) s.region(regionId)).division().getInfo().getRoleInfoProto());
      } catch (RegionException e) {
        state.append(", not this region");
      }
    }
    throw new AssertionError("no leader of region " + regionId + " within " + timeout + ":" + state);
  }

  static void await(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      pause(20);
    }
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static RaftCommand put(RegionMeta meta, String key, String value) {
    return RaftCommand.write(meta.epoch(), List.of(new Mutation.Put(ColumnFamily.WRITE, bytes(key), bytes(value))));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String read(KvEngine engine, String key) {
    byte[] v = engine.get(ColumnFamily.WRITE, bytes(key));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  static void assertValue(KvEngine engine, String key, String value) {
    assertThat(read(engine, key)).as("value of %s", key).isEqualTo(value);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (long s : new ArrayList<>(stores.keySet())) {
      stop(s);
    }
  }
}
