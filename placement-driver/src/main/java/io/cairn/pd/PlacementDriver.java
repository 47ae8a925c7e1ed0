package io.cairn.pd;

import io.cairn.pd.cluster.ClusterState;
import io.cairn.pd.cluster.HealthPolicy;
import io.cairn.pd.gc.GcSafePoints;
import io.cairn.pd.id.IdAllocator;
import io.cairn.pd.schedule.LeaderBalancer;
import io.cairn.pd.schedule.LocationIsolation;
import io.cairn.pd.schedule.OperatorController;
import io.cairn.pd.schedule.RegionBalancer;
import io.cairn.pd.schedule.ReplicaChecker;
import io.cairn.pd.schedule.Scheduler;
import io.cairn.pd.storage.FileMetaStore;
import io.cairn.pd.storage.MemoryMetaStore;
import io.cairn.pd.storage.MetaStore;
import io.cairn.pd.tso.TimestampOracle;

/**
 * PD's state and logic without any transport: identity, TSO, id allocator, cluster state, GC
 * safe points and the operator controller, all over one {@link MetaStore}.
 *
 * <p>The components are thread-safe. The driver owns the metadata store it opens and closes it
 * in {@link #close}; nothing may be used after that.
 */
public final class PlacementDriver implements AutoCloseable {

  private final PdConfig config;
  private final PdClock clock;
  private final MetaStore meta;
  private final ClusterIdentity identity;
  private final TimestampOracle tso;
  private final IdAllocator ids;
  private final ClusterState cluster;
  private final GcSafePoints gc;
  private final OperatorController operators;

  private PlacementDriver(PdConfig config, PdClock clock, MetaStore meta) {
    this.config = config;
    this.clock = clock;
    this.meta = meta;
    this.identity = ClusterIdentity.loadOrCreate(meta, clock);
    this.tso = new TimestampOracle(clock, meta, config.tsoSaveWindow().toMillis());
    this.ids = new IdAllocator(meta, config.idBatch());
    this.cluster = new ClusterState(meta, clock, new HealthPolicy(
        config.storeDisconnectTime().toMillis(), config.storeDownTime().toMillis()));
    this.gc = new GcSafePoints(meta);
    ScheduleConfig schedule = config.schedule();
    LocationIsolation isolation = new LocationIsolation(schedule.locationLabels());
    this.operators = new OperatorController(
        new Scheduler(
            new ReplicaChecker(config.maxReplicas(), config.storeDownTime().toMillis(), isolation),
            new LeaderBalancer(config.leaderBalanceThreshold()),
            new RegionBalancer(config.maxReplicas(), schedule.regionBalanceThreshold(),
                isolation)),
        ids::allocate, config.operatorTimeout().toMillis(), schedule.regionScheduleLimit(),
        schedule.storeLimit());
  }

  /** Opens the metadata in {@code config.dataDir()} (in memory when {@code null}). */
  public static PlacementDriver open(PdConfig config, PdClock clock) {
    MetaStore meta = config.dataDir() == null
        ? new MemoryMetaStore()
        : FileMetaStore.open(config.dataDir());
    try {
      return new PlacementDriver(config, clock, meta);
    } catch (RuntimeException e) {
      meta.close();
      throw e;
    }
  }

  public PdConfig config() {
    return config;
  }

  public PdClock clock() {
    return clock;
  }

  public ClusterIdentity identity() {
    return identity;
  }

  public TimestampOracle tso() {
    return tso;
  }

  public IdAllocator ids() {
    return ids;
  }

  public ClusterState cluster() {
    return cluster;
  }

  public GcSafePoints gc() {
    return gc;
  }

  public OperatorController operators() {
    return operators;
  }

  @Override
  public void close() {
    meta.close();
  }
}
