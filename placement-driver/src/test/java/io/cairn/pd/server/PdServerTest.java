package io.cairn.pd.server;

import static io.cairn.pd.cluster.Fixtures.key;
import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static io.cairn.pd.cluster.Fixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.ManualClock;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.proto.eraftpb.ConfChangeType;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AskBatchSplitRequest;
import io.cairn.proto.pdpb.AskBatchSplitResponse;
import io.cairn.proto.pdpb.BootstrapRequest;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetGCSafePointRequest;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.GetOperatorRequest;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.IsBootstrappedRequest;
import io.cairn.proto.pdpb.OperatorStatus;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.PeerStats;
import io.cairn.proto.pdpb.PutStoreRequest;
import io.cairn.proto.pdpb.RegionHeartbeatRequest;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import io.cairn.proto.pdpb.ReportBatchSplitRequest;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.ScanRegionsRequest;
import io.cairn.proto.pdpb.ScatterRegionRequest;
import io.cairn.proto.pdpb.ScanRegionsResponse;
import io.cairn.proto.pdpb.StoreHeartbeatRequest;
import io.cairn.proto.pdpb.StoreStats;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.cairn.proto.pdpb.UpdateGCSafePointRequest;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PD through the generated {@code PDGrpc} stubs over the in-process transport. */
class PdServerTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private PdServer server;
  private ManagedChannel channel;
  private PDGrpc.PDBlockingStub pd;
  private RequestHeader header;

  private void start(PdConfig config, PdClock pdClock) {
    server = PdServer.startInProcess(config, pdClock, "pd-test-" + NAMES.incrementAndGet());
    channel = server.newInProcessChannel();
    pd = PDGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    GetMembersResponse members = pd.getMembers(GetMembersRequest.getDefaultInstance());
    header = RequestHeader.newBuilder().setClusterId(members.getHeader().getClusterId()).build();
  }

  private void start() {
    start(PdConfig.defaults().withDataDir(dir), clock);
  }

  private void stop() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @AfterEach
  void tearDown() {
    stop();
  }

  private long allocId() {
    return pd.allocID(AllocIDRequest.newBuilder().setHeader(header).build()).getId();
  }

  /** Bootstraps store 1..; returns the first region. */
  private Region bootstrap() {
    long storeId = allocId();
    Region first = region(allocId(), ByteString.EMPTY, ByteString.EMPTY, 1, 1,
        peer(allocId(), storeId));
    var resp = pd.bootstrap(BootstrapRequest.newBuilder().setHeader(header)
        .setStore(store(storeId)).setRegion(first).build());
    assertThat(resp.getHeader().hasError()).as(resp.toString()).isFalse();
    return first;
  }

  @Test
  void membersCarryTheClusterIdAndTheAdvertisedUrl() {
    start();
    GetMembersResponse m = pd.getMembers(GetMembersRequest.getDefaultInstance());
    assertThat(m.getHeader().getClusterId()).isNotZero();
    assertThat(m.getLeader().getClientUrlsList()).containsExactly(server.clientUrl());
    assertThat(m.getMembersList()).containsExactly(m.getLeader());
  }

  @Test
  void wrongClusterIdGetsAnErrorHeader() {
    start();
    var wrong = RequestHeader.newBuilder().setClusterId(header.getClusterId() + 1).build();
    var resp = pd.allocID(AllocIDRequest.newBuilder().setHeader(wrong).build());
    assertThat(resp.getHeader().getError().getMessage()).contains("mismatch cluster id");
    assertThat(resp.getHeader().getClusterId()).isEqualTo(header.getClusterId());
    assertThat(resp.getId()).isZero();
  }

  @Test
  void routingBeforeBootstrapSaysNotBootstrapped() {
    start();
    assertThat(pd.isBootstrapped(IsBootstrappedRequest.newBuilder().setHeader(header).build())
        .getBootstrapped()).isFalse();
    GetRegionResponse r = pd.getRegion(GetRegionRequest.newBuilder().setHeader(header)
        .setRegionKey(key("a")).build());
    assertThat(r.getHeader().getError().getType()).isEqualTo(ErrorType.NOT_BOOTSTRAPPED);
  }

  /** Splits the whole-key-space region at "g" and "p" the way a node does. */
  private List<Region> splitTwice(Region first) {
    AskBatchSplitResponse ids = pd.askBatchSplit(AskBatchSplitRequest.newBuilder()
        .setHeader(header).setRegion(first).setSplitCount(2).build());
    assertThat(ids.getIdsList()).hasSize(2);
    long store = first.getPeers(0).getStoreId();
    Region a = region(ids.getIds(0).getNewRegionId(), key(""), key("g"), 1, 3,
        peer(ids.getIds(0).getNewPeerIds(0), store));
    Region b = region(ids.getIds(1).getNewRegionId(), key("g"), key("p"), 1, 3,
        peer(ids.getIds(1).getNewPeerIds(0), store));
    Region c = region(first.getId(), key("p"), key(""), 1, 3, first.getPeers(0));
    pd.reportBatchSplit(ReportBatchSplitRequest.newBuilder().setHeader(header)
        .addRegions(a).addRegions(b).addRegions(c).build());
    return List.of(a, b, c);
  }

  @Test
  void getRegionAndScanRegionsAfterBootstrapAndSplits() throws Exception {
    start();
    Region first = bootstrap();
    GetRegionResponse whole = pd.getRegion(GetRegionRequest.newBuilder().setHeader(header)
        .setRegionKey(key("anything")).build());
    assertThat(whole.getRegion()).isEqualTo(first);
    // no heartbeat yet: no leader
    assertThat(whole.hasLeader()).isFalse();

    heartbeats().send(first, first.getPeers(0));
    awaitLeader(first.getId());
    List<Region> parts = splitTwice(first);
    GetRegionResponse atH = pd.getRegion(GetRegionRequest.newBuilder().setHeader(header)
        .setRegionKey(key("h")).build());
    assertThat(atH.getRegion()).isEqualTo(parts.get(1));
    assertThat(atH.getLeader()).as("the split leader's store").isEqualTo(parts.get(1).getPeers(0));
    assertThat(pd.getRegionByID(GetRegionByIDRequest.newBuilder().setHeader(header)
        .setRegionId(parts.get(2).getId()).build()).getRegion()).isEqualTo(parts.get(2));

    ScanRegionsResponse all = pd.scanRegions(ScanRegionsRequest.newBuilder().setHeader(header)
        .setStartKey(ByteString.EMPTY).build());
    assertThat(all.getRegionsList()).extracting(r -> r.getRegion()).isEqualTo(parts);
    assertThat(all.getRegionMetasList()).isEqualTo(parts);
    assertThat(all.getRegions(0).getLeader()).isEqualTo(parts.get(0).getPeers(0));
    ScanRegionsResponse limited = pd.scanRegions(ScanRegionsRequest.newBuilder()
        .setHeader(header).setStartKey(key("b")).setLimit(2).build());
    assertThat(limited.getRegionsList()).extracting(r -> r.getRegion().getId())
        .containsExactly(parts.get(0).getId(), parts.get(1).getId());
    ScanRegionsResponse bounded = pd.scanRegions(ScanRegionsRequest.newBuilder()
        .setHeader(header).setStartKey(key("h")).setEndKey(key("p")).build());
    assertThat(bounded.getRegionsList()).extracting(r -> r.getRegion().getId())
        .containsExactly(parts.get(1).getId());
  }

  @Test
  void storesRegisterHeartbeatAndListCheaply() {
    start();
    Region first = bootstrap();
    long s2 = allocId();
    pd.putStore(PutStoreRequest.newBuilder().setHeader(header).setStore(store(s2)).build());
    pd.storeHeartbeat(StoreHeartbeatRequest.newBuilder().setHeader(header).setStats(
        StoreStats.newBuilder().setStoreId(s2).setCapacity(1000).setAvailable(600)).build());
    var all = pd.getAllStores(GetAllStoresRequest.newBuilder().setHeader(header).build());
    assertThat(all.getStoresList()).extracting(Store::getId)
        .containsExactly(first.getPeers(0).getStoreId(), s2);
    assertThat(all.getStores(1).getVersion()).isEqualTo("6.5.0");
    var one = pd.getStore(GetStoreRequest.newBuilder().setHeader(header).setStoreId(s2).build());
    assertThat(one.getStats().getAvailable()).isEqualTo(600);
    var missing = pd.getStore(GetStoreRequest.newBuilder().setHeader(header).setStoreId(999)
        .build());
    assertThat(missing.getHeader().getError().getMessage()).contains("not found");
  }

  /** A region heartbeat stream as a store keeps it open. */
  private final class Heartbeats implements AutoCloseable {
    final BlockingQueue<RegionHeartbeatResponse> answers = new LinkedBlockingQueue<>();
    final StreamObserver<RegionHeartbeatRequest> requests;

    Heartbeats() {
      requests = PDGrpc.newStub(channel).regionHeartbeat(new StreamObserver<>() {
        @Override
        public void onNext(RegionHeartbeatResponse r) {
          answers.add(r);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      });
    }

    void send(Region r, Peer leader) {
      requests.onNext(RegionHeartbeatRequest.newBuilder().setHeader(header).setRegion(r)
          .setLeader(leader).setApproximateSize(1 << 20).setApproximateKeys(1000).build());
    }

    RegionHeartbeatResponse answer() throws InterruptedException {
      RegionHeartbeatResponse r = answers.poll(30, TimeUnit.SECONDS);
      assertThat(r).as("a scheduling command").isNotNull();
      return r;
    }

    @Override
    public void close() {
      requests.onCompleted();
    }
  }

  /** Heartbeats travel on a stream: wait until PD has applied one. */
  private void awaitLeader(long regionId) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      if (pd.getRegionByID(GetRegionByIDRequest.newBuilder().setHeader(header)
          .setRegionId(regionId).build()).hasLeader()) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no leader for region " + regionId);
  }

  private Heartbeats heartbeats() {
    return new Heartbeats();
  }

  @Test
  void regionHeartbeatIsAnsweredWithAddPeerWhenStoresJoin() throws Exception {
    start();
    Region first = bootstrap();
    Peer leader = first.getPeers(0);
    try (Heartbeats hb = heartbeats()) {
      hb.send(first, leader);
      awaitLeader(first.getId());
      long s2 = allocId();
      pd.putStore(PutStoreRequest.newBuilder().setHeader(header).setStore(store(s2)).build());
      hb.send(first, leader);
      RegionHeartbeatResponse cmd = hb.answer();
      assertThat(cmd.getRegionId()).isEqualTo(first.getId());
      assertThat(cmd.getTargetPeer()).isEqualTo(leader);
      assertThat(cmd.getChangePeer().getChangeType()).isEqualTo(ConfChangeType.AddNode);
      assertThat(cmd.getChangePeer().getPeer().getStoreId()).isEqualTo(s2);
      var running = pd.getOperator(GetOperatorRequest.newBuilder().setHeader(header)
          .setRegionId(first.getId()).build());
      assertThat(running.getStatus()).isEqualTo(OperatorStatus.RUNNING);
      assertThat(running.getDesc().toStringUtf8()).isEqualTo("add-peer");
      var scatter = pd.scatterRegion(ScatterRegionRequest.newBuilder().setHeader(header)
          .setRegionId(first.getId()).build());
      assertThat(scatter.getHeader().getError().getMessage()).contains("not supported");
      // the node applies it: conf_ver bumps, two peers; one store left to fill = none
      Region two = first.toBuilder().addPeers(cmd.getChangePeer().getPeer())
          .setRegionEpoch(first.getRegionEpoch().toBuilder().setConfVer(2)).build();
      hb.send(two, leader);
      // PD may have repeated the add-peer for a heartbeat that raced with the first answer (a
      // loaded machine); once the change is applied, nothing else may come.
      RegionHeartbeatResponse extra;
      while ((extra = hb.answers.poll(300, TimeUnit.MILLISECONDS)) != null) {
        assertThat(extra).as("only a repeat of the add-peer sent before it was applied").isEqualTo(cmd);
      }
      GetRegionResponse r = pd.getRegion(GetRegionRequest.newBuilder().setHeader(header)
          .setRegionKey(key("x")).build());
      assertThat(r.getRegion().getPeersList()).hasSize(2);
      assertThat(pd.getOperator(GetOperatorRequest.newBuilder().setHeader(header)
          .setRegionId(first.getId()).build()).getHeader().getError().getType())
          .as("nothing in flight any more").isEqualTo(ErrorType.REGION_NOT_FOUND);
    }
  }

  @Test
  void downAndPendingPeersAreServedAndALowerTermDoesNotRenameTheLeader() throws Exception {
    start();
    Region first = bootstrap();
    long s2 = allocId();
    long s3 = allocId();
    for (long s : new long[] {s2, s3}) {
      pd.putStore(PutStoreRequest.newBuilder().setHeader(header).setStore(store(s)).build());
    }
    Peer p1 = first.getPeers(0);
    Peer p2 = peer(allocId(), s2);
    Peer p3 = peer(allocId(), s3);
    Region three = first.toBuilder().addPeers(p2).addPeers(p3)
        .setRegionEpoch(first.getRegionEpoch().toBuilder().setConfVer(3)).build();
    PeerStats down = PeerStats.newBuilder().setPeer(p3).setDownSeconds(42).build();
    try (Heartbeats hb = heartbeats()) {
      hb.requests.onNext(RegionHeartbeatRequest.newBuilder().setHeader(header).setRegion(three)
          .setLeader(p2).setTerm(7).addDownPeers(down).addPendingPeers(p3).build());
      awaitLeader(first.getId());
      GetRegionResponse r = pd.getRegionByID(GetRegionByIDRequest.newBuilder()
          .setHeader(header).setRegionId(first.getId()).build());
      assertThat(r.getLeader()).isEqualTo(p2);
      assertThat(r.getDownPeersList()).containsExactly(down);
      assertThat(r.getPendingPeersList()).containsExactly(p3);
      ScanRegionsResponse scan = pd.scanRegions(ScanRegionsRequest.newBuilder()
          .setHeader(header).setStartKey(ByteString.EMPTY).build());
      assertThat(scan.getRegions(0).getDownPeersList()).containsExactly(down);
      assertThat(scan.getRegions(0).getPendingPeersList()).containsExactly(p3);

      // the deposed leader of term 6 reports late; then the term-7 leader, p3 caught up
      hb.requests.onNext(RegionHeartbeatRequest.newBuilder().setHeader(header).setRegion(three)
          .setLeader(p1).setTerm(6).build());
      hb.requests.onNext(RegionHeartbeatRequest.newBuilder().setHeader(header).setRegion(three)
          .setLeader(p2).setTerm(7).addDownPeers(down).build());
      for (int i = 0; i < 3000 && r.getPendingPeersCount() > 0; i++) {
        Thread.sleep(10);
        r = pd.getRegionByID(GetRegionByIDRequest.newBuilder().setHeader(header)
            .setRegionId(first.getId()).build());
      }
      assertThat(r.getPendingPeersList()).as("the last heartbeat was applied").isEmpty();
      assertThat(r.getLeader()).as("the term-6 report named no leader").isEqualTo(p2);
      assertThat(r.getDownPeersList()).containsExactly(down);
    }
  }

  @Test
  void downStoreIsRepairedByAddThenRemove() throws Exception {
    start(PdConfig.defaults().withDataDir(dir).withStoreTimes(java.time.Duration.ofSeconds(5),
        java.time.Duration.ofSeconds(60)), clock);
    Region first = bootstrap();
    long s1 = first.getPeers(0).getStoreId();
    long[] others = {allocId(), allocId(), allocId()};
    for (long s : others) {
      pd.putStore(PutStoreRequest.newBuilder().setHeader(header).setStore(store(s)).build());
    }
    Region three = first.toBuilder().addPeers(peer(allocId(), others[0]))
        .addPeers(peer(allocId(), others[1]))
        .setRegionEpoch(first.getRegionEpoch().toBuilder().setConfVer(3)).build();
    // the store others[1] stops heartbeating; the rest keep going
    clock.advance(61_000);
    for (long s : new long[] {s1, others[0], others[2]}) {
      pd.storeHeartbeat(StoreHeartbeatRequest.newBuilder().setHeader(header)
          .setStats(StoreStats.newBuilder().setStoreId(s)).build());
    }
    try (Heartbeats hb = heartbeats()) {
      hb.send(three, first.getPeers(0));
      RegionHeartbeatResponse add = hb.answer();
      assertThat(add.getChangePeer().getChangeType()).isEqualTo(ConfChangeType.AddNode);
      assertThat(add.getChangePeer().getPeer().getStoreId()).isEqualTo(others[2]);
      Region four = three.toBuilder().addPeers(add.getChangePeer().getPeer())
          .setRegionEpoch(three.getRegionEpoch().toBuilder().setConfVer(4)).build();
      hb.send(four, first.getPeers(0));
      RegionHeartbeatResponse remove = hb.answer();
      assertThat(remove.getChangePeer().getChangeType()).isEqualTo(ConfChangeType.RemoveNode);
      assertThat(remove.getChangePeer().getPeer().getStoreId()).isEqualTo(others[1]);
    }
  }

  @Test
  void tsoStreamsFromManyCallersAreStrictlyIncreasingAndDisjoint() throws Exception {
    start(PdConfig.defaults(), PdClock.SYSTEM);
    int streams = 64;
    int perStream = 100;
    List<CompletableFuture<List<long[]>>> results = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      CompletableFuture<List<long[]>> done = new CompletableFuture<>();
      List<long[]> ranges = new ArrayList<>();
      StreamObserver<TsoRequest> req = PDGrpc.newStub(channel).tso(new StreamObserver<>() {
        @Override
        public void onNext(TsoResponse r) {
          long last = r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
          ranges.add(new long[] {last - r.getCount() + 1, last});
        }

        @Override
        public void onError(Throwable t) {
          done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          done.complete(ranges);
        }
      });
      for (int i = 0; i < perStream; i++) {
        req.onNext(TsoRequest.newBuilder().setHeader(header).setCount(1 + (i * 7 + s) % 10)
            .build());
      }
      req.onCompleted();
      results.add(done);
    }
    List<long[]> all = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      List<long[]> ranges = results.get(s).get(60, TimeUnit.SECONDS);
      assertThat(ranges).as("one answer per request, then completion").hasSize(perStream);
      for (int i = 0; i < ranges.size(); i++) {
        assertThat(ranges.get(i)[1] - ranges.get(i)[0] + 1).isEqualTo(1 + (i * 7 + s) % 10);
        if (i > 0) {
          assertThat(ranges.get(i)[0]).as("stream %d answer %d", s, i)
              .isGreaterThan(ranges.get(i - 1)[1]);
        }
      }
      all.addAll(ranges);
    }
    all.sort((a, b) -> Long.compare(a[0], b[0]));
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i)[0]).as("ranges overlap").isGreaterThan(all.get(i - 1)[1]);
    }
  }

  @Test
  void tsoErrorsGoInTheHeaderAndTheStreamGoesOn() throws Exception {
    start();
    BlockingQueue<TsoResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<TsoRequest> req = PDGrpc.newStub(channel).tso(new StreamObserver<>() {
      @Override
      public void onNext(TsoResponse r) {
        answers.add(r);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    req.onNext(TsoRequest.newBuilder().setHeader(header).setCount(0).build());
    req.onNext(TsoRequest.newBuilder().setHeader(header).setCount(-1).build()); // 2^32 - 1
    req.onNext(TsoRequest.newBuilder().setHeader(header).setCount(3).build());
    assertThat(answers.poll(30, TimeUnit.SECONDS).getHeader().hasError()).isTrue();
    assertThat(answers.poll(30, TimeUnit.SECONDS).getHeader().getError().getMessage())
        .contains("4294967295");
    TsoResponse ok = answers.poll(30, TimeUnit.SECONDS);
    assertThat(ok.getHeader().hasError()).isFalse();
    assertThat(ok.getTimestamp().getPhysical()).isEqualTo(clock.millis());
    assertThat(ok.getTimestamp().getLogical()).isEqualTo(2);
    req.onCompleted();
  }

  @Test
  void gcSafePointOnlyMovesForward() {
    start();
    pd.updateGCSafePoint(UpdateGCSafePointRequest.newBuilder().setHeader(header)
        .setSafePoint(500).build());
    assertThat(pd.updateGCSafePoint(UpdateGCSafePointRequest.newBuilder().setHeader(header)
        .setSafePoint(400).build()).getNewSafePoint()).isEqualTo(500);
    assertThat(pd.getGCSafePoint(GetGCSafePointRequest.newBuilder().setHeader(header).build())
        .getSafePoint()).isEqualTo(500);
  }

  private long tso() throws Exception {
    CompletableFuture<TsoResponse> f = new CompletableFuture<>();
    StreamObserver<TsoRequest> req = PDGrpc.newStub(channel).tso(new StreamObserver<>() {
      @Override
      public void onNext(TsoResponse r) {
        f.complete(r);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    req.onNext(TsoRequest.newBuilder().setHeader(header).setCount(1).build());
    TsoResponse r = f.get(30, TimeUnit.SECONDS);
    req.onCompleted();
    return r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
  }

  @Test
  void restartKeepsEverything() throws Exception {
    start();
    long clusterId = header.getClusterId();
    Region first = bootstrap();
    heartbeats().send(first, first.getPeers(0));
    awaitLeader(first.getId());
    List<Region> parts = splitTwice(first);
    long s2 = allocId();
    pd.putStore(PutStoreRequest.newBuilder().setHeader(header).setStore(store(s2)).build());
    pd.updateGCSafePoint(UpdateGCSafePointRequest.newBuilder().setHeader(header)
        .setSafePoint(77).build());
    long ts = tso();
    long id = allocId();
    stop();

    clock.advance(-60_000);
    start();
    assertThat(header.getClusterId()).isEqualTo(clusterId);
    assertThat(pd.isBootstrapped(IsBootstrappedRequest.newBuilder().setHeader(header).build())
        .getBootstrapped()).isTrue();
    assertThat(pd.scanRegions(ScanRegionsRequest.newBuilder().setHeader(header).build())
        .getRegionMetasList()).isEqualTo(parts);
    assertThat(pd.getAllStores(GetAllStoresRequest.newBuilder().setHeader(header).build())
        .getStoresList()).extracting(Store::getId).contains(s2);
    assertThat(pd.getGCSafePoint(GetGCSafePointRequest.newBuilder().setHeader(header).build())
        .getSafePoint()).isEqualTo(77);
    assertThat(tso()).as("the clock went back a minute").isGreaterThan(ts);
    assertThat(allocId()).isGreaterThan(id);
  }

  @Test
  void networkServerServesOnItsPortAndClosesOpenStreams() throws Exception {
    PdConfig config = PdConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0)
        .withShutdownGrace(java.time.Duration.ofMillis(200));
    PdServer net = PdServer.start(config, clock);
    ManagedChannel ch = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
        .forAddress("127.0.0.1", net.port()).usePlaintext().build();
    try {
      assertThat(net.clientUrl()).isEqualTo("http://127.0.0.1:" + net.port());
      var health = io.grpc.health.v1.HealthGrpc.newBlockingStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance());
      assertThat(health.getStatus())
          .isEqualTo(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
      CompletableFuture<TsoResponse> first = new CompletableFuture<>();
      CompletableFuture<Throwable> ended = new CompletableFuture<>();
      long clusterId = net.driver().identity().clusterId();
      StreamObserver<TsoRequest> req = PDGrpc.newStub(ch).tso(new StreamObserver<>() {
        @Override
        public void onNext(TsoResponse r) {
          first.complete(r);
        }

        @Override
        public void onError(Throwable t) {
          ended.complete(t);
        }

        @Override
        public void onCompleted() {
          ended.complete(null);
        }
      });
      req.onNext(TsoRequest.newBuilder().setHeader(RequestHeader.newBuilder()
          .setClusterId(clusterId)).setCount(5).build());
      assertThat(first.get(30, TimeUnit.SECONDS).getTimestamp().getLogical()).isEqualTo(4);
      // the client never half-closes: close() waits out the grace, then cancels the stream
      net.close();
      assertThat(ended.get(30, TimeUnit.SECONDS)).isInstanceOf(io.grpc.StatusRuntimeException.class);
    } finally {
      ch.shutdownNow();
      net.close();
    }
  }
}
