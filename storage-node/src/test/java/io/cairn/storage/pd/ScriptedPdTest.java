package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.eraftpb.ConfChangeType;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AllocIDResponse;
import io.cairn.proto.pdpb.ChangePeer;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.IsBootstrappedRequest;
import io.cairn.proto.pdpb.IsBootstrappedResponse;
import io.cairn.proto.pdpb.Member;
import io.cairn.proto.pdpb.Merge;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.PutStoreRequest;
import io.cairn.proto.pdpb.PutStoreResponse;
import io.cairn.proto.pdpb.RegionHeartbeatRequest;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import io.cairn.proto.pdpb.ResponseHeader;
import io.cairn.proto.pdpb.StoreHeartbeatRequest;
import io.cairn.proto.pdpb.StoreHeartbeatResponse;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat loop against a scripted PD, for answers the real PD cannot be made to give:
 * tombstoned stores, refused heartbeats, commands the node cannot carry out, streams PD ends.
 */
class ScriptedPdTest {

  private static final long CLUSTER = 99;
  private static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(30),
      Duration.ofMillis(30), Duration.ofMillis(10), Duration.ofMillis(100));
  private static final Peer LEADER = Peer.newBuilder().setId(3).setStoreId(1).build();
  private static final Region REGION = Region.newBuilder().setId(2)
      .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1)).addPeers(LEADER)
      .build();

  /** Store heartbeats answered from a script (null = OK, then OK forever). */
  private static final class ScriptedPd extends PDGrpc.PDImplBase {
    final String url;
    final ConcurrentLinkedDeque<ErrorType> storeAnswers = new ConcurrentLinkedDeque<>();
    final ConcurrentLinkedDeque<RegionHeartbeatResponse> regionAnswers =
        new ConcurrentLinkedDeque<>();
    final AtomicInteger putStores = new AtomicInteger();
    final AtomicInteger storeHeartbeats = new AtomicInteger();
    final AtomicInteger regionHeartbeats = new AtomicInteger();
    final AtomicInteger streams = new AtomicInteger();
    final AtomicLong ids = new AtomicLong();
    volatile boolean endFirstStream;

    ScriptedPd(String url) {
      this.url = url;
    }

    private static ResponseHeader header(ErrorType error) {
      ResponseHeader.Builder h = ResponseHeader.newBuilder().setClusterId(CLUSTER);
      if (error != null) {
        h.setError(io.cairn.proto.pdpb.Error.newBuilder().setType(error).setMessage("scripted"));
      }
      return h.build();
    }

    @Override
    public void getMembers(GetMembersRequest req, StreamObserver<GetMembersResponse> out) {
      Member m = Member.newBuilder().setName("scripted").addClientUrls(url).build();
      out.onNext(GetMembersResponse.newBuilder().setHeader(header(null)).addMembers(m)
          .setLeader(m).build());
      out.onCompleted();
    }

    @Override
    public void allocID(AllocIDRequest req, StreamObserver<AllocIDResponse> out) {
      out.onNext(AllocIDResponse.newBuilder().setHeader(header(null))
          .setId(ids.incrementAndGet()).build());
      out.onCompleted();
    }

    @Override
    public void isBootstrapped(IsBootstrappedRequest req,
        StreamObserver<IsBootstrappedResponse> out) {
      out.onNext(IsBootstrappedResponse.newBuilder().setHeader(header(null)).setBootstrapped(true)
          .build());
      out.onCompleted();
    }

    @Override
    public void putStore(PutStoreRequest req, StreamObserver<PutStoreResponse> out) {
      putStores.incrementAndGet();
      ErrorType e = storeAnswers.peekFirst() == ErrorType.STORE_TOMBSTONE
          ? ErrorType.STORE_TOMBSTONE : null;
      out.onNext(PutStoreResponse.newBuilder().setHeader(header(e)).build());
      out.onCompleted();
    }

    @Override
    public void storeHeartbeat(StoreHeartbeatRequest req,
        StreamObserver<StoreHeartbeatResponse> out) {
      storeHeartbeats.incrementAndGet();
      out.onNext(StoreHeartbeatResponse.newBuilder().setHeader(header(storeAnswers.pollFirst()))
          .build());
      out.onCompleted();
    }

    @Override
    public StreamObserver<RegionHeartbeatRequest> regionHeartbeat(
        StreamObserver<RegionHeartbeatResponse> out) {
      int n = streams.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(RegionHeartbeatRequest value) {
          regionHeartbeats.incrementAndGet();
          if (n == 1 && endFirstStream) {
            out.onCompleted();
            return;
          }
          RegionHeartbeatResponse r = regionAnswers.pollFirst();
          if (r != null) {
            out.onNext(r);
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }

  private ScriptedPd pd;
  private Server server;
  private PdConnection connection;
  private StoreRegistrar registrar;
  private TestRegions regions;
  private RecordingHandler handler;
  private HeartbeatLoop loop;

  @BeforeEach
  void setUp() throws Exception {
    String name = "scripted-pd-" + System.nanoTime();
    pd = new ScriptedPd("inprocess://" + name);
    server = InProcessServerBuilder.forName(name).addService(pd).build().start();
    connection = new PdConnection(PdClientConfig.of(List.of(pd.url)),
        PdChannelFactory.standard(1 << 20));
    registrar = new StoreRegistrar(connection, new MemoryStoreMeta(),
        StoreDescriptor.of("127.0.0.1:20160", 0));
    registrar.register();
    regions = new TestRegions(registrar.storeId());
    handler = new RecordingHandler();
  }

  private HeartbeatLoop start() {
    Region r = REGION.toBuilder().setPeers(0, LEADER.toBuilder()
        .setStoreId(registrar.storeId())).build();
    regions.put(RegionStatus.led(r, r.getPeers(0), 1, 1));
    loop = new HeartbeatLoop(connection, registrar, regions, () -> StoreUsage.disk(10, 5, 5),
        handler, FAST, InstantSource.system());
    loop.start();
    return loop;
  }

  @AfterEach
  void tearDown() {
    if (loop != null) {
      loop.close();
    }
    connection.close();
    server.shutdownNow();
  }

  @Test
  void refusedStoreHeartbeatLeadsToReRegistration() {
    pd.storeAnswers.add(ErrorType.UNKNOWN);
    int registered = pd.putStores.get();
    start();
    Await.until("a heartbeat after the refusal", () -> loop.stats().storeHeartbeats() >= 1);
    assertThat(loop.stats().storeHeartbeatFailures()).isEqualTo(1);
    assertThat(loop.stats().registrations()).isEqualTo(1);
    assertThat(pd.putStores.get()).isEqualTo(registered + 1);
    assertThat(loop.stats().tombstoned()).isFalse();
  }

  @Test
  void tombstonedStoreStopsHeartbeating() {
    pd.storeAnswers.add(ErrorType.STORE_TOMBSTONE);
    start();
    Await.until("tombstone noticed", () -> loop.stats().tombstoned());
    int beats = pd.storeHeartbeats.get();
    long regionBeats = loop.stats().regionHeartbeats();
    Await.until("several more region heartbeat rounds",
        () -> loop.stats().regionHeartbeats() >= regionBeats + 5);
    assertThat(pd.storeHeartbeats.get()).isEqualTo(beats).isEqualTo(1);
    assertThat(loop.stats().storeHeartbeats()).isZero();
  }

  @Test
  void commandsTheNodeCannotCarryOutAreRejected() {
    long storeId = registrar.storeId();
    RegionHeartbeatResponse.Builder base = RegionHeartbeatResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setClusterId(CLUSTER)).setRegionId(2)
        .setRegionEpoch(REGION.getRegionEpoch());
    Peer newPeer = Peer.newBuilder().setId(10).setStoreId(storeId + 1).build();
    pd.regionAnswers.add(base.clone().setMerge(Merge.newBuilder().setTarget(REGION)).build());
    pd.regionAnswers.add(base.clone().setHeader(ResponseHeader.newBuilder().setClusterId(CLUSTER)
        .setError(io.cairn.proto.pdpb.Error.newBuilder().setType(ErrorType.UNKNOWN))).build());
    pd.regionAnswers.add(base.clone().setChangePeer(ChangePeer.newBuilder().setPeer(newPeer)
        .setChangeType(ConfChangeType.AddNode)).build());
    start();
    SchedulingCommand cmd = handler.awaitCall(0);
    assertThat(cmd).isEqualTo(new SchedulingCommand.AddPeer(2, REGION.getRegionEpoch(),
        newPeer));
    // the handler runs inside the dispatch, before the loop counts it
    Await.until("dispatch counted", () -> loop.stats().commandsDispatched() == 1);
    assertThat(loop.stats().rejectedResponses()).isEqualTo(2);
  }

  @Test
  void streamEndedByPdIsReopened() {
    pd.endFirstStream = true;
    start();
    Await.until("heartbeats on a second stream", () -> pd.streams.get() >= 2
        && pd.regionHeartbeats.get() >= 4);
    assertThat(loop.stats().streamFailures()).isEqualTo(1);
    assertThat(loop.stats().streamsOpened()).isEqualTo(2);
  }
}
