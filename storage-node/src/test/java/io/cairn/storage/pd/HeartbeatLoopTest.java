package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.pd.PdConfig;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.StoreStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatLoopTest {

  private static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(50),
      Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(200));
  private static final Duration HOUR = Duration.ofHours(1);
  private static final long START_SECONDS = 1_700_000_000L;

  /** One storage node's PD side: connection, registration, regions, handler, loop. */
  private static final class Node implements AutoCloseable {
    final PdConnection pd;
    final StoreRegistrar registrar;
    final StoreRegistrar.Registration registration;
    final TestRegions regions;
    final RecordingHandler handler = new RecordingHandler();
    final AtomicReference<StoreUsage> usage =
        new AtomicReference<>(StoreUsage.disk(1L << 40, 1L << 39, 1L << 30));
    HeartbeatLoop loop;

    Node(InProcessPd server, int n) {
      pd = server.connect();
      registrar = new StoreRegistrar(pd, new MemoryStoreMeta(),
          StoreDescriptor.of("127.0.0.1:2016" + n, START_SECONDS));
      registration = registrar.register();
      regions = new TestRegions(storeId());
      if (registration.bootstrapped()) {
        Region first = registration.bootstrappedRegion();
        regions.put(RegionStatus.led(first, first.getPeers(0), 4096, 64));
      }
    }

    long storeId() {
      return registration.ident().storeId();
    }

    Region firstRegion() {
      return registration.bootstrappedRegion();
    }

    HeartbeatLoop start(HeartbeatConfig config, InstantSource clock) {
      loop = new HeartbeatLoop(pd, registrar, regions, usage::get, handler, config, clock);
      loop.start();
      return loop;
    }

    @Override
    public void close() {
      if (loop != null) {
        loop.close();
      }
      pd.close();
    }
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();

  private <T extends AutoCloseable> T closeLater(T c) {
    toClose.add(c);
    return c;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
  }

  private static RegionInfo pdRegion(InProcessPd pd, long id) {
    return pd.server().driver().cluster().regionById(id);
  }

  @Test
  void storeAndRegionHeartbeatsShowInPdAnswers() {
    InProcessPd pd = closeLater(new InProcessPd((Path) null));
    Node node = closeLater(new Node(pd, 1));
    node.usage.set(new StoreUsage(1_000_000, 600_000, 300_000, 500, 5, 700, 7, 1, 2, 3, true));
    Region region = node.firstRegion();
    node.regions.put(new RegionStatus(region, region.getPeers(0), List.of(), List.of(), 12_345,
        67, 4, 100, 10, 200, 20));
    Instant now = Instant.ofEpochSecond(START_SECONDS + 3600);
    // one store heartbeat only, so the figures PD holds are that heartbeat's
    HeartbeatLoop loop = node.start(new HeartbeatConfig(HOUR, Duration.ofMillis(50),
        Duration.ofMillis(20), Duration.ofMillis(200)), InstantSource.fixed(now));

    StoreStats stats = Await.value("store stats in PD", () -> {
      var s = pd.store(node.storeId());
      return s.hasStats() ? s.getStats() : null;
    });
    assertThat(stats.getStoreId()).isEqualTo(node.storeId());
    assertThat(stats.getCapacity()).isEqualTo(1_000_000);
    assertThat(stats.getAvailable()).isEqualTo(600_000);
    assertThat(stats.getUsedSize()).isEqualTo(300_000);
    assertThat(stats.getRegionCount()).isEqualTo(1);
    assertThat(stats.getIsBusy()).isTrue();
    assertThat(stats.getSendingSnapCount()).isEqualTo(1);
    assertThat(stats.getReceivingSnapCount()).isEqualTo(2);
    assertThat(stats.getApplyingSnapCount()).isEqualTo(3);
    assertThat(stats.getStartTime()).isEqualTo((int) START_SECONDS);
    // the first heartbeat carries the traffic since the store started
    assertThat(stats.getBytesWritten()).isEqualTo(500);
    assertThat(stats.getKeysRead()).isEqualTo(7);
    assertThat(stats.getInterval().getStartTimestamp()).isEqualTo(START_SECONDS);
    assertThat(stats.getInterval().getEndTimestamp()).isEqualTo(now.getEpochSecond());
    assertThat(pd.store(node.storeId()).getStore().getLastHeartbeat()).isPositive();

    GetRegionResponse routed = Await.value("leader in PD", () -> {
      GetRegionResponse r = pd.regionByKey("any".getBytes());
      return r.hasLeader() ? r : null;
    });
    assertThat(routed.getLeader()).isEqualTo(region.getPeers(0));
    assertThat(routed.getRegion()).isEqualTo(region);
    RegionInfo info = pdRegion(pd, region.getId());
    assertThat(info.approximateSize()).isEqualTo(12_345);
    assertThat(info.approximateKeys()).isEqualTo(67);

    Await.until("several region heartbeats", () -> loop.stats().regionHeartbeats() >= 3);
    HeartbeatLoop.Stats s = loop.stats();
    assertThat(s.storeHeartbeats()).isEqualTo(1);
    assertThat(s.streamsOpened()).isEqualTo(1);
    assertThat(s.registrations()).isZero();
    assertThat(s.commandsDispatched()).isZero();
    assertThat(s.rejectedResponses()).isZero();
  }

  @Test
  void requestedRegionHeartbeatDoesNotWaitForTheInterval() {
    InProcessPd pd = closeLater(new InProcessPd((Path) null));
    Node node = closeLater(new Node(pd, 1));
    long id = node.firstRegion().getId();
    HeartbeatLoop loop = node.start(new HeartbeatConfig(HOUR, HOUR, Duration.ofMillis(20),
        Duration.ofMillis(200)), InstantSource.system());
    Await.until("first region heartbeat", () -> pdRegion(pd, id).leader() != null);
    assertThat(pdRegion(pd, id).approximateSize()).isEqualTo(4096);

    node.regions.update(id, r -> new RegionStatus(r.region(), r.leader(), List.of(), List.of(),
        999_999, 9, 0, 0, 0, 0, 0));
    loop.requestRegionHeartbeat(id);
    loop.requestRegionHeartbeat(12345); // not hosted here: nothing is sent

    Await.until("size from the requested heartbeat",
        () -> pdRegion(pd, id).approximateSize() == 999_999);
    // The loop counts a heartbeat after handing it to the stream, so PD may see it first.
    Await.until("the requested heartbeat counted", () -> loop.stats().regionHeartbeats() >= 2);
    assertThat(loop.stats().regionHeartbeats()).isEqualTo(2);
  }

  @Test
  void missingReplicasAreAddedOneCommandAtATime() {
    InProcessPd pd = closeLater(new InProcessPd(PdConfig.defaults().withMaxReplicas(3)));
    Node n1 = closeLater(new Node(pd, 1));
    Node n2 = closeLater(new Node(pd, 2));
    Node n3 = closeLater(new Node(pd, 3));
    // stores 2 and 3 stay up by heartbeating; they lead nothing
    n2.start(FAST, InstantSource.system());
    n3.start(FAST, InstantSource.system());
    HeartbeatLoop loop = n1.start(FAST, InstantSource.system());
    long regionId = n1.firstRegion().getId();

    SchedulingCommand first = n1.handler.awaitCall(0);
    assertThat(first).isInstanceOfSatisfying(SchedulingCommand.AddPeer.class, add -> {
      assertThat(add.regionId()).isEqualTo(regionId);
      assertThat(add.epoch()).isEqualTo(n1.firstRegion().getRegionEpoch());
      assertThat(add.peer().getStoreId()).isIn(n2.storeId(), n3.storeId());
    });
    // PD repeats the unfinished command on every heartbeat; none reaches the handler
    Await.until("PD repeating the command", () -> loop.stats().commandsDropped() >= 3);
    assertThat(n1.handler.calls).hasSize(1);

    n1.regions.apply(first);
    n1.handler.calls.get(0).done().complete(null);

    SchedulingCommand second = n1.handler.awaitCall(1);
    long firstStore = ((SchedulingCommand.AddPeer) first).peer().getStoreId();
    assertThat(second).isInstanceOfSatisfying(SchedulingCommand.AddPeer.class, add -> {
      assertThat(add.peer().getStoreId()).isNotEqualTo(firstStore)
          .isIn(n2.storeId(), n3.storeId());
      assertThat(add.epoch().getConfVer()).isEqualTo(2);
    });
    n1.regions.apply(second);
    n1.handler.calls.get(1).done().complete(null);

    Await.until("three replicas in PD", () -> pd.regionById(regionId).getRegion()
        .getPeersCount() == 3);
    Await.until("no operator in flight", () -> pd.server().driver().operators()
        .inFlight(regionId).isEmpty());
    // a few more rounds: nothing else is asked of the node
    long beats = loop.stats().regionHeartbeats();
    Await.until("more heartbeats", () -> loop.stats().regionHeartbeats() >= beats + 3);
    assertThat(n1.handler.commands()).containsExactly(first, second);
    assertThat(pd.regionById(regionId).getRegion().getPeersList()).extracting(Peer::getStoreId)
        .containsExactlyInAnyOrder(n1.storeId(), n2.storeId(), n3.storeId());
    assertThat(n2.handler.calls).isEmpty();
    assertThat(n3.handler.calls).isEmpty();
  }

  @Test
  void reconnectsAndReRegistersAfterPdRestart(@TempDir Path dir) {
    InProcessPd pd = closeLater(new InProcessPd(dir));
    Node node = closeLater(new Node(pd, 1));
    long regionId = node.firstRegion().getId();
    HeartbeatLoop loop = node.start(FAST, InstantSource.system());
    Await.until("leader known to PD", () -> pd.regionById(regionId).hasLeader());
    long generation = node.pd.generation();

    pd.stop();
    Await.until("the loop noticing PD is gone", () -> loop.stats().streamFailures() >= 1
        && loop.stats().storeHeartbeatFailures() >= 1);
    pd.start();

    // PD does not persist leaders: a leader in its answer came over a new stream
    Await.until("leader known to the restarted PD", () -> pd.regionById(regionId).hasLeader());
    Await.until("re-registration", () -> loop.stats().registrations() >= 1);
    assertThat(loop.stats().streamsOpened()).isGreaterThanOrEqualTo(2);
    assertThat(node.pd.generation()).isGreaterThan(generation);
    long beats = loop.stats().storeHeartbeats();
    Await.until("store heartbeats resumed", () -> loop.stats().storeHeartbeats() > beats);
    assertThat(pd.store(node.storeId()).getStore().getAddress()).isEqualTo("127.0.0.1:20161");
    assertThat(pd.store(node.storeId()).getStats().getRegionCount()).isEqualTo(1);
  }

  @Test
  void closeIsIdempotentAndStopsHeartbeats() {
    InProcessPd pd = closeLater(new InProcessPd((Path) null));
    Node node = closeLater(new Node(pd, 1));
    HeartbeatLoop loop = node.start(FAST, InstantSource.system());
    Await.until("heartbeats", () -> loop.stats().regionHeartbeats() >= 2);
    loop.close();
    loop.close();
    long after = loop.stats().regionHeartbeats();
    loop.requestRegionHeartbeat(node.firstRegion().getId());
    assertThat(loop.stats().regionHeartbeats()).isEqualTo(after);
    assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void needsARegisteredStore() {
    InProcessPd pd = closeLater(new InProcessPd((Path) null));
    PdConnection c = closeLater(pd.connect());
    StoreRegistrar unregistered = new StoreRegistrar(c, new MemoryStoreMeta(),
        StoreDescriptor.of("h:1", 0));
    assertThatThrownBy(() -> new HeartbeatLoop(c, unregistered, new TestRegions(1),
        () -> StoreUsage.disk(1, 1, 0), cmd -> null, FAST, InstantSource.system()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new HeartbeatConfig(Duration.ZERO, HOUR, HOUR, HOUR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HeartbeatConfig(HOUR, HOUR, HOUR, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
