package io.cairn.storage.pd;

import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RegionHeartbeatRequest;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.StoreHeartbeatRequest;
import io.cairn.proto.pdpb.StoreHeartbeatResponse;
import io.cairn.proto.pdpb.StoreStats;
import io.cairn.proto.pdpb.TimeInterval;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PD informed about this store and its led regions, and hands PD's scheduling commands
 * to the {@link SchedulingCommandHandler}.
 *
 * <p>Two threads, so that a slow or unreachable PD on one side never delays the other:
 * <ul>
 *   <li><b>store thread</b>, every {@code storeInterval}: {@code StoreHeartbeat} with capacity,
 *       available and used bytes, region count, snapshot counts, busy flag, and the traffic
 *       since the previous heartbeat (the first: since the store started) over a
 *       {@code [start, end]} interval in seconds. Before it, {@code PutStore} again whenever
 *       the PD leader was rediscovered since the last registration (a restarted PD or a new
 *       leader) or the last heartbeat was refused; a store PD calls a tombstone stops
 *       heartbeating.</li>
 *   <li><b>region thread</b>, every {@code regionInterval}: one {@code RegionHeartbeatRequest}
 *       per led region (region, leader, down and pending peers, approximate size and keys,
 *       term, traffic since the region's previous report, or all of it the first time) on one
 *       long-lived bidi stream per store. The stream has no deadline (it lives as long as the
 *       leader); a broken stream, or a change of PD leader, makes the thread reopen it after
 *       an exponential backoff with jitter, reset once a stream has survived a whole interval.
 *       Responses carrying commands are decoded and dispatched on this thread through a
 *       {@link CommandDispatcher}, which drops repeats.</li>
 * </ul>
 * Both threads send their first message at once on {@link #start()}.
 * {@link #requestRegionHeartbeat} sends one region's heartbeat now (after a split, a leader
 * change or a conf change, so PD need not wait a whole interval).
 *
 * <p>The loop does not own the {@link PdConnection}, the registrar or the region layer.
 * {@link #close()} half-closes the stream, stops both threads and waits for them. Thread-safe.
 */
public final class HeartbeatLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLoop.class);
  private static final long CLOSE_WAIT_SECONDS = 10;

  /** Counters, for tests and metrics. */
  public record Stats(long storeHeartbeats, long storeHeartbeatFailures, long registrations,
      long regionHeartbeats, long streamsOpened, long streamFailures, long commandsDispatched,
      long commandsDropped, long rejectedResponses, boolean tombstoned) {}

  private final PdConnection pd;
  private final StoreRegistrar registrar;
  private final LocalRegions regions;
  private final StoreStatsSource usage;
  private final HeartbeatConfig config;
  private final InstantSource clock;
  private final CommandDispatcher dispatcher;
  private final long storeId;

  private final ScheduledExecutorService storeThread;
  private final ScheduledExecutorService regionThread;

  // store thread state (registeredGeneration is first set by start())
  private long registeredGeneration = -1;
  private StoreUsage lastUsage;
  private long lastStoreHeartbeatSeconds;
  private volatile boolean tombstoned;

  // region thread state
  private final Backoff streamBackoff;
  private RegionStream stream;
  private boolean reopenScheduled;
  private final Map<Long, RegionCounters> lastRegionReport = new HashMap<>();

  private final AtomicLong storeHeartbeats = new AtomicLong();
  private final AtomicLong storeHeartbeatFailures = new AtomicLong();
  private final AtomicLong registrations = new AtomicLong();
  private final AtomicLong regionHeartbeats = new AtomicLong();
  private final AtomicLong streamsOpened = new AtomicLong();
  private final AtomicLong streamFailures = new AtomicLong();
  private final AtomicLong commandsDispatched = new AtomicLong();
  private final AtomicLong commandsDropped = new AtomicLong();
  private final AtomicLong rejectedResponses = new AtomicLong();
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param registrar must have registered the store already (it gives the store id)
   * @param clock the wall clock for the timestamps in heartbeats (not for scheduling)
   */
  public HeartbeatLoop(PdConnection pd, StoreRegistrar registrar, LocalRegions regions,
      StoreStatsSource usage, SchedulingCommandHandler handler, HeartbeatConfig config,
      InstantSource clock) {
    this.pd = Objects.requireNonNull(pd, "pd");
    this.registrar = Objects.requireNonNull(registrar, "registrar");
    this.regions = Objects.requireNonNull(regions, "regions");
    this.usage = Objects.requireNonNull(usage, "usage");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storeId = registrar.storeId();
    if (storeId == 0) {
      throw new IllegalStateException("the store must be registered before heartbeats start");
    }
    this.dispatcher = new CommandDispatcher(storeId, regions,
        Objects.requireNonNull(handler, "handler"));
    this.streamBackoff = new Backoff(config.reconnectBase(), config.reconnectCap(),
        new Random(storeId));
    this.storeThread = newThread("pd-store-heartbeat-" + storeId);
    this.regionThread = newThread("pd-region-heartbeat-" + storeId);
  }

  private static ScheduledExecutorService newThread(String name) {
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    ex.setRemoveOnCancelPolicy(true);
    ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return ex;
  }

  /** Starts both heartbeats; the first ones go out at once. Call once. */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "heartbeat loop is closed" : "already started");
    }
    started = true;
    registeredGeneration = pd.generation();
    lastStoreHeartbeatSeconds = registrar.descriptor().startTimestampSeconds();
    storeThread.scheduleWithFixedDelay(guard(this::storeTick), 0,
        config.storeInterval().toNanos(), TimeUnit.NANOSECONDS);
    regionThread.scheduleWithFixedDelay(guard(this::regionTick), 0,
        config.regionInterval().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Sends region {@code regionId}'s heartbeat soon, if this store leads it. */
  public void requestRegionHeartbeat(long regionId) {
    if (closed || !started) {
      return;
    }
    try {
      regionThread.execute(guard(() -> {
        RegionStatus r = regions.region(regionId);
        if (r != null && r.isLedBy(storeId) && ensureStream()) {
          send(r, clock.instant().getEpochSecond());
        }
      }));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  public Stats stats() {
    return new Stats(storeHeartbeats.get(), storeHeartbeatFailures.get(), registrations.get(),
        regionHeartbeats.get(), streamsOpened.get(), streamFailures.get(),
        commandsDispatched.get(), commandsDropped.get(), rejectedResponses.get(), tombstoned);
  }

  private static Runnable guard(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        // a scheduled task that throws is never run again: keep the loop alive
        LOG.error("heartbeat task failed", e);
      }
    };
  }

  // ---- store heartbeat ----

  private void storeTick() {
    if (tombstoned || closed) {
      return;
    }
    try {
      long generation = pd.leader().generation();
      if (generation != registeredGeneration) {
        registrar.putStore();
        registrations.incrementAndGet();
        registeredGeneration = pd.generation();
      }
      sendStoreHeartbeat();
      storeHeartbeats.incrementAndGet();
    } catch (PdClientException e) {
      storeHeartbeatFailures.incrementAndGet();
      if (e.isRefusal(ErrorType.STORE_TOMBSTONE)) {
        tombstoned = true;
        LOG.error("PD says store {} is a tombstone; heartbeats stop", storeId);
        return;
      }
      if (e.kind() == PdClientException.Kind.REFUSED) {
        // e.g. PD does not know this store (its metadata was restored from an older copy)
        registeredGeneration = -1;
      }
      if (e.kind() == PdClientException.Kind.WRONG_CLUSTER) {
        LOG.error("store {} heartbeat failed: {}", storeId, e.getMessage());
      } else {
        LOG.warn("store {} heartbeat failed: {}", storeId, e.getMessage());
      }
    }
  }

  private void sendStoreHeartbeat() {
    StoreUsage u = usage.usage();
    long now = clock.instant().getEpochSecond();
    // the first heartbeat reports the traffic since the node started
    StoreUsage prev = lastUsage == null ? StoreUsage.disk(0, 0, 0) : lastUsage;
    StoreStats.Builder s = StoreStats.newBuilder()
        .setStoreId(storeId)
        .setCapacity(u.capacity())
        .setAvailable(u.available())
        .setUsedSize(u.usedSize())
        .setRegionCount(regions.regionCount())
        .setSendingSnapCount(u.sendingSnapCount())
        .setReceivingSnapCount(u.receivingSnapCount())
        .setApplyingSnapCount(u.applyingSnapCount())
        .setIsBusy(u.busy())
        .setStartTime((int) registrar.descriptor().startTimestampSeconds())
        .setBytesWritten(delta(u.bytesWritten(), prev.bytesWritten()))
        .setKeysWritten(delta(u.keysWritten(), prev.keysWritten()))
        .setBytesRead(delta(u.bytesRead(), prev.bytesRead()))
        .setKeysRead(delta(u.keysRead(), prev.keysRead()))
        .setInterval(TimeInterval.newBuilder().setStartTimestamp(lastStoreHeartbeatSeconds)
            .setEndTimestamp(now));
    pd.call("StoreHeartbeat", (stub, h) -> stub.storeHeartbeat(StoreHeartbeatRequest
        .newBuilder().setHeader(h).setStats(s).build()), StoreHeartbeatResponse::getHeader);
    lastUsage = u;
    lastStoreHeartbeatSeconds = now;
  }

  /** Traffic since the previous report; a counter that went backwards restarted at 0. */
  private static long delta(long now, long before) {
    return now >= before ? now - before : now;
  }

  // ---- region heartbeats ----

  private record RegionCounters(long seconds, long bytesWritten, long keysWritten,
      long bytesRead, long keysRead) {}

  private void regionTick() {
    if (closed) {
      return;
    }
    boolean survivedInterval = stream != null && !stream.broken;
    if (!ensureStream()) {
      return;
    }
    if (survivedInterval) {
      streamBackoff.reset();
    }
    long now = clock.instant().getEpochSecond();
    List<RegionStatus> led = regions.ledRegions();
    Set<Long> ids = new HashSet<>();
    for (RegionStatus r : led) {
      if (!r.isLedBy(storeId)) {
        LOG.warn("store {}: ledRegions() returned region {} led by {}", storeId, r.id(),
            r.leader());
        continue;
      }
      ids.add(r.id());
      send(r, now);
    }
    lastRegionReport.keySet().retainAll(ids);
  }

  /**
   * Makes sure a healthy stream to the current leader is open; false when none can be opened
   * now (a reopen is scheduled).
   */
  private boolean ensureStream() {
    if (stream != null && !stream.broken && stream.leader.generation() == pd.generation()) {
      return true;
    }
    if (reopenScheduled) {
      return false;
    }
    if (stream != null) {
      stream.halfClose();
      if (stream.broken) {
        // broken streams wait out the backoff; a leader change reopens at once
        stream = null;
        scheduleReopen();
        return false;
      }
      stream = null;
    }
    return openStream();
  }

  private boolean openStream() {
    PdConnection.Leader leader;
    try {
      leader = pd.leader();
    } catch (PdClientException e) {
      LOG.warn("store {}: no PD for region heartbeats: {}", storeId, e.getMessage());
      scheduleReopen();
      return false;
    }
    RegionStream s = new RegionStream(leader);
    s.requests = PDGrpc.newStub(leader.channel()).regionHeartbeat(s);
    stream = s;
    streamsOpened.incrementAndGet();
    LOG.info("store {}: region heartbeat stream opened to {}", storeId, leader.url());
    return true;
  }

  private void scheduleReopen() {
    if (closed) {
      return;
    }
    reopenScheduled = true;
    long delay = streamBackoff.nextNanos();
    regionThread.schedule(guard(() -> {
      reopenScheduled = false;
      regionTick();
    }), delay, TimeUnit.NANOSECONDS);
  }

  private void send(RegionStatus r, long nowSeconds) {
    RegionCounters prev = lastRegionReport.get(r.id());
    long start = prev == null ? nowSeconds : prev.seconds();
    RegionHeartbeatRequest.Builder b = RegionHeartbeatRequest.newBuilder()
        .setHeader(RequestHeader.newBuilder().setClusterId(pd.clusterId()))
        .setRegion(r.region())
        .setLeader(r.leader())
        .addAllDownPeers(r.downPeers())
        .addAllPendingPeers(r.pendingPeers())
        .setApproximateSize(r.approximateSize())
        .setApproximateKeys(r.approximateKeys())
        .setTerm(r.term())
        .setBytesWritten(delta(r.bytesWritten(), prev == null ? 0 : prev.bytesWritten()))
        .setKeysWritten(delta(r.keysWritten(), prev == null ? 0 : prev.keysWritten()))
        .setBytesRead(delta(r.bytesRead(), prev == null ? 0 : prev.bytesRead()))
        .setKeysRead(delta(r.keysRead(), prev == null ? 0 : prev.keysRead()))
        .setInterval(TimeInterval.newBuilder().setStartTimestamp(start)
            .setEndTimestamp(nowSeconds));
    try {
      stream.requests.onNext(b.build());
    } catch (RuntimeException e) {
      // onNext on a cancelled call throws; the observer's onError reports the break
      LOG.debug("region heartbeat send failed: {}", e.toString());
      return;
    }
    regionHeartbeats.incrementAndGet();
    lastRegionReport.put(r.id(), new RegionCounters(nowSeconds, r.bytesWritten(),
        r.keysWritten(), r.bytesRead(), r.keysRead()));
  }

  private void onResponse(RegionHeartbeatResponse resp) {
    if (resp.getHeader().hasError()
        && resp.getHeader().getError().getType() != ErrorType.OK) {
      rejectedResponses.incrementAndGet();
      LOG.warn("PD rejected region {} heartbeat: {} {}", resp.getRegionId(),
          resp.getHeader().getError().getType(), resp.getHeader().getError().getMessage());
      return;
    }
    Optional<SchedulingCommand> command;
    try {
      command = CommandDispatcher.decode(resp);
    } catch (IllegalArgumentException e) {
      rejectedResponses.incrementAndGet();
      LOG.error("store {} cannot carry out PD's command: {}", storeId, e.getMessage());
      return;
    }
    if (command.isEmpty()) {
      return;
    }
    CommandDispatcher.Outcome outcome = dispatcher.offer(command.get());
    if (outcome == CommandDispatcher.Outcome.DISPATCHED) {
      commandsDispatched.incrementAndGet();
    } else {
      commandsDropped.incrementAndGet();
    }
  }

  private void onStreamBroken(RegionStream s, Throwable error) {
    if (s != stream || s.broken) {
      return;
    }
    s.broken = true;
    streamFailures.incrementAndGet();
    LOG.warn("store {}: region heartbeat stream to {} broke: {}", storeId, s.leader.url(),
        error == null ? "completed by PD" : error.toString());
    pd.leaderFailed(s.leader, error);
    ensureStream();
  }

  /** One RegionHeartbeat call; its callbacks hop onto the region thread. */
  private final class RegionStream implements StreamObserver<RegionHeartbeatResponse> {
    final PdConnection.Leader leader;
    StreamObserver<RegionHeartbeatRequest> requests;
    boolean broken;
    boolean halfClosed;

    RegionStream(PdConnection.Leader leader) {
      this.leader = leader;
    }

    void halfClose() {
      if (!halfClosed && !broken) {
        halfClosed = true;
        try {
          requests.onCompleted();
        } catch (RuntimeException e) {
          LOG.debug("half-close of region heartbeat stream failed: {}", e.toString());
        }
      }
    }

    @Override
    public void onNext(RegionHeartbeatResponse value) {
      execute(() -> {
        if (stream == this) {
          onResponse(value);
        }
      });
    }

    @Override
    public void onError(Throwable t) {
      execute(() -> onStreamBroken(this, t));
    }

    @Override
    public void onCompleted() {
      execute(() -> onStreamBroken(this, null));
    }

    private void execute(Runnable r) {
      if (!closed) {
        try {
          regionThread.execute(guard(r));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // closing: nothing left to do with this stream
        }
      }
    }
  }

  /** Half-closes the stream and stops both threads, waiting for them. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      regionThread.submit(() -> {
        if (stream != null) {
          stream.halfClose();
          stream = null;
        }
      }).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("store {}: could not half-close the region heartbeat stream: {}", storeId,
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // already shut down
    }
    storeThread.shutdownNow();
    regionThread.shutdownNow();
    try {
      if (!storeThread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)
          || !regionThread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("store {}: heartbeat threads still running after {} s", storeId,
            CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
