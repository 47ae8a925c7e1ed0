package io.cairn.tikv.rpc;

import static io.cairn.tikv.testing.Regions.key;
import static io.cairn.tikv.testing.Regions.peer;
import static io.cairn.tikv.testing.Regions.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.proto.errorpb.DataIsNotReady;
import io.cairn.proto.errorpb.EpochNotMatch;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.KeyNotInRegion;
import io.cairn.proto.errorpb.NotLeader;
import io.cairn.proto.errorpb.RaftEntryTooLarge;
import io.cairn.proto.errorpb.RegionNotFound;
import io.cairn.proto.errorpb.ServerIsBusy;
import io.cairn.proto.errorpb.StaleCommand;
import io.cairn.proto.errorpb.StoreNotMatch;
import io.cairn.proto.kvrpcpb.CommandPri;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.tikv.config.ReplicaReadMode;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.CircuitBreaker;
import io.cairn.tikv.region.HealthProber;
import io.cairn.tikv.region.InvalidReason;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.StoreHealth;
import io.cairn.tikv.retry.BackoffExhaustedException;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.ManualClock;
import io.cairn.tikv.testing.ModelPd;
import io.cairn.tikv.testing.RecordingSleeper;
import io.cairn.tikv.testing.Regions;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionRequestSenderTest {

  private final ModelPd pd = new ModelPd();
  private final ManualClock clock = new ManualClock();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private FakeTikvCluster nodes;
  private RegionCache cache;
  private RpcClient client;
  private RegionRequestSender sender;
  private Backoffer bo;

  @BeforeEach
  void setUp() {
    nodes = new FakeTikvCluster("tikv-" + System.nanoTime());
    for (long s = 1; s <= 3; s++) {
      nodes.startStore(s);
      pd.putStore(Regions.store(s, nodes.address(s), Map.of("zone", "z" + s)));
    }
    pd.setRegions(List.of(region(1, "", "m", 1, 1, 1, 2, 3), region(2, "m", "", 1, 1, 1, 2, 3)));
    pd.setLeader(1, peer(1, 1));
    pd.setLeader(2, peer(2, 1));
    TikvClientConfig config = TikvClientConfig.defaults().withBreaker(3, Duration.ofSeconds(10)).withLocalLabels(Map.of("zone", "z3"));
    cache = new RegionCache(pd, config, new StoreHealth(3, Duration.ofSeconds(10), clock), clock, new Random(5));
    client = new RpcClient(new ConnectionPool(InProcess.channels(), 2), 0);
    sender = new RegionRequestSender(cache, client, config);
    bo = new Backoffer(Backoffer.GET_BUDGET_MS, sleeper, new Random(5));
  }

  @AfterEach
  void tearDown() {
    client.close();
    nodes.close();
  }

  private CachedRegion regionOf(String k) {
    return cache.locateKey(key(k), bo);
  }

  private static GetRequest get(String k) {
    return GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)).setVersion(10).build();
  }

  private SendOutcome<GetResponse> sendGet(String k, RequestOptions options) {
    return sender.send(bo, RpcKind.KV_GET, regionOf(k), get(k), options);
  }

  private static Error notLeader(long regionId, long hintStore) {
    NotLeader.Builder nl = NotLeader.newBuilder().setRegionId(regionId);
    if (hintStore != 0) {
      nl.setLeader(peer(regionId, hintStore));
    }
    return Error.newBuilder().setNotLeader(nl).build();
  }

  private static <T> T ok(SendOutcome<T> outcome) {
    assertThat(outcome).isInstanceOf(SendOutcome.Ok.class);
    return ((SendOutcome.Ok<T>) outcome).response();
  }

  @Test
  void fillsTheRouteIntoTheContextAndKeepsTheCallersFields() {
    GetRequest request = get("a").toBuilder().setContext(Context.newBuilder().setPriority(CommandPri.High).setRegionId(77)).build();
    GetResponse r = ok(sender.send(bo, RpcKind.KV_GET, regionOf("a"), request, RequestOptions.LEADER));
    assertThat(r.getValue().toStringUtf8()).isEqualTo("v@1");
    Context ctx = nodes.received.get(0).context();
    assertThat(ctx.getRegionId()).isEqualTo(1);
    assertThat(ctx.getRegionEpoch().getVersion()).isEqualTo(1);
    assertThat(ctx.getPeer()).isEqualTo(peer(1, 1));
    assertThat(ctx.getReplicaRead()).isFalse();
    assertThat(ctx.getStaleRead()).isFalse();
    assertThat(ctx.getIsRetryRequest()).isFalse();
    assertThat(ctx.getPriority()).isEqualTo(CommandPri.High);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void notLeaderWithAHintRetriesOnTheNewLeaderAtOnce() {
    nodes.script(1, FakeTikvCluster.Step.error(notLeader(1, 2)));
    assertThat(ok(sendGet("a", RequestOptions.LEADER)).getValue().toStringUtf8()).isEqualTo("v@2");
    assertThat(nodes.storesReached()).containsExactly(1L, 2L);
    assertThat(nodes.received.get(1).context().getPeer()).isEqualTo(peer(1, 2));
    assertThat(nodes.received.get(1).context().getIsRetryRequest()).isTrue();
    assertThat(sleeper.sleeps).as("no backoff with a hint").isEmpty();
    assertThat(cache.cached(1).orElseThrow().leader().getStoreId()).isEqualTo(2);
  }

  @Test
  void peersNamingEachOtherAsLeaderAreSlowedDownByBackoff() {
    for (int i = 0; i < 3; i++) {
      nodes.script(1, FakeTikvCluster.Step.error(notLeader(1, 2)));
      nodes.script(2, FakeTikvCluster.Step.error(notLeader(1, 1)));
    }
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(nodes.received).hasSize(7);
    assertThat(bo.attempts(BackoffKind.REGION_SCHEDULING)).isEqualTo(3);
  }

  @Test
  void notLeaderWithoutAHintBacksOffAndTriesAnotherPeer() {
    nodes.script(1, FakeTikvCluster.Step.error(notLeader(1, 0)));
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(bo.attempts(BackoffKind.REGION_SCHEDULING)).isEqualTo(1);
    assertThat(nodes.storesReached()).hasSize(2).first().isEqualTo(1L);
    assertThat(nodes.storesReached().get(1)).isIn(2L, 3L);
  }

  @Test
  void notLeaderNamingAnUnknownPeerMakesTheCallerResplit() {
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder()
        .setNotLeader(NotLeader.newBuilder().setRegionId(1).setLeader(peer(1, 9))).build()));
    SendOutcome<GetResponse> out = sendGet("a", RequestOptions.LEADER);
    assertThat(out).isInstanceOf(SendOutcome.RegionChanged.class);
    assertThat(((SendOutcome.RegionChanged<?>) out).reason()).isEqualTo(InvalidReason.NO_LEADER_PEER);
    assertThat(cache.cached(1)).isEmpty();
    assertThat(bo.attempts(BackoffKind.REGION_MISS)).isEqualTo(1);
  }

  @Test
  void epochNotMatchUpdatesTheCacheAndAsksForAResplitWithoutBackoff() {
    var left = region(1, "", "f", 1, 2, 1, 2, 3);
    var right = region(5, "f", "m", 1, 2, 1, 2, 3);
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder()
        .setEpochNotMatch(EpochNotMatch.newBuilder().addCurrentRegions(left).addCurrentRegions(right)).build()));
    SendOutcome<GetResponse> out = sendGet("g", RequestOptions.LEADER);
    assertThat(out).isInstanceOf(SendOutcome.RegionChanged.class);
    SendOutcome.RegionChanged<?> changed = (SendOutcome.RegionChanged<?>) out;
    assertThat(changed.reason()).isEqualTo(InvalidReason.EPOCH_NOT_MATCH);
    assertThat(changed.error().hasEpochNotMatch()).isTrue();
    assertThat(sleeper.sleeps).isEmpty();
    int pdCalls = pd.getRegionCalls.get();
    assertThat(regionOf("g").id()).isEqualTo(5);
    assertThat(regionOf("a").verId().version()).isEqualTo(2);
    assertThat(pd.getRegionCalls.get()).isEqualTo(pdCalls);
  }

  @Test
  void epochNotMatchWithoutRegionsDropsTheEntryAndBacksOff() {
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setEpochNotMatch(EpochNotMatch.getDefaultInstance()).build()));
    assertThat(sendGet("a", RequestOptions.LEADER)).isInstanceOf(SendOutcome.RegionChanged.class);
    assertThat(cache.cached(1)).isEmpty();
    assertThat(bo.attempts(BackoffKind.REGION_MISS)).isEqualTo(1);
  }

  @Test
  void regionNotFoundInvalidatesAndBacksOffOnRegionMiss() {
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setRegionNotFound(RegionNotFound.newBuilder().setRegionId(1)).build()));
    SendOutcome<GetResponse> out = sendGet("a", RequestOptions.LEADER);
    assertThat(((SendOutcome.RegionChanged<?>) out).reason()).isEqualTo(InvalidReason.REGION_NOT_FOUND);
    assertThat(cache.cached(1)).isEmpty();
    assertThat(bo.attempts(BackoffKind.REGION_MISS)).isEqualTo(1);
    assertThat(cache.metrics().invalidations(InvalidReason.REGION_NOT_FOUND)).isEqualTo(1);
  }

  @Test
  void keyNotInRegionInvalidatesAndBacksOffOnRegionMiss() {
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setKeyNotInRegion(KeyNotInRegion.newBuilder().setRegionId(1)).build()));
    SendOutcome<GetResponse> out = sendGet("a", RequestOptions.LEADER);
    assertThat(((SendOutcome.RegionChanged<?>) out).reason()).isEqualTo(InvalidReason.KEY_NOT_IN_REGION);
    assertThat(bo.attempts(BackoffKind.REGION_MISS)).isEqualTo(1);
  }

  @Test
  void serverIsBusyBacksOffAndRetries() {
    Error busy = Error.newBuilder().setServerIsBusy(ServerIsBusy.newBuilder().setReason("write stall")).build();
    nodes.script(1, FakeTikvCluster.Step.error(busy), FakeTikvCluster.Step.error(busy));
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(bo.attempts(BackoffKind.SERVER_BUSY)).isEqualTo(2);
    assertThat(sleeper.sleeps.get(0)).isBetween(1_000L, 2_000L);
    assertThat(nodes.storesReached()).containsExactly(1L, 1L, 1L);
  }

  @Test
  void staleCommandBacksOffAndRetries() {
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setStaleCommand(StaleCommand.getDefaultInstance()).build()));
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(bo.attempts(BackoffKind.STALE_CMD)).isEqualTo(1);
    assertThat(sleeper.sleeps).containsExactly(2L);
  }

  @Test
  void storeNotMatchRefreshesTheStoreAndRetries() {
    regionOf("a");
    int storeCalls = pd.getStoreCalls.get();
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setStoreNotMatch(StoreNotMatch.newBuilder().setRequestStoreId(1)).build()));
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(pd.getStoreCalls.get()).isGreaterThan(storeCalls);
    assertThat(bo.attempts(BackoffKind.REGION_MISS)).isEqualTo(1);
  }

  @Test
  void raftEntryTooLargeFailsTheRequest() {
    nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setRaftEntryTooLarge(RaftEntryTooLarge.newBuilder().setRegionId(1)).build()));
    assertThatThrownBy(() -> sendGet("a", RequestOptions.LEADER)).isInstanceOf(RegionErrorException.class);
  }

  @Test
  void aTransportFailureMarksTheStoreAndTheReadMovesToAnotherReplica() {
    nodes.script(1, FakeTikvCluster.Step.status(Status.Code.UNAVAILABLE));
    GetResponse r = ok(sendGet("a", RequestOptions.LEADER));
    assertThat(r.getValue().toStringUtf8()).isIn("v@2", "v@3");
    assertThat(bo.attempts(BackoffKind.TIKV_RPC)).isEqualTo(1);
    assertThat(cache.health().isHealthy(1)).isFalse();
  }

  @Test
  void aLeaderFoundThroughAFollowerAfterTheOldLeaderDied() {
    FaultInjector faults = new FaultInjector().storeDown(1);
    client.addInterceptor(faults);
    // Store 1 is down; the follower knows the new leader.
    nodes.script(2, FakeTikvCluster.Step.error(notLeader(1, 3)));
    nodes.script(3, FakeTikvCluster.Step.error(notLeader(1, 2)));
    SendOutcome<io.cairn.proto.kvrpcpb.PrewriteResponse> out = sender.send(
        bo, RpcKind.KV_PREWRITE, regionOf("a"), io.cairn.proto.kvrpcpb.PrewriteRequest.newBuilder().setStartVersion(1).build(), RequestOptions.LEADER);
    assertThat(out).isInstanceOf(SendOutcome.Ok.class);
    assertThat(faults.fired("store-down-1")).isEqualTo(1);
    // Whichever follower was asked first, the write ends on the leader the other one named.
    FakeTikvCluster.Received last = nodes.received.get(nodes.received.size() - 1);
    assertThat(cache.cached(1).orElseThrow().leader().getStoreId()).isEqualTo(last.storeId());
    assertThat(last.context().getPeer().getStoreId()).isEqualTo(last.storeId());
    assertThat(nodes.storesReached()).doesNotContain(1L);
  }

  @Test
  void aCommitThatTimesOutIsUndeterminedAndNotRetried() {
    nodes.script(1, FakeTikvCluster.Step.status(Status.Code.DEADLINE_EXCEEDED));
    CommitRequest commit = CommitRequest.newBuilder().setStartVersion(1).setCommitVersion(2).addKeys(ByteString.copyFromUtf8("a")).build();
    SendOutcome<CommitResponse> out = sender.send(bo, RpcKind.KV_COMMIT, regionOf("a"), commit, RequestOptions.LEADER);
    assertThat(out).isInstanceOf(SendOutcome.Undetermined.class);
    assertThat(((SendOutcome.Undetermined<?>) out).storeId()).isEqualTo(1);
    assertThat(nodes.received).hasSize(1);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void aCommitThatCouldNotConnectIsRetriedNotUndetermined() {
    // a store just killed: gRPC fails the call before sending, with the refused connection as
    // the cause; the commit never reached the store, so it is an ordinary transport failure
    FaultInjector faults = new FaultInjector();
    faults.inject("refused", FaultInjector.kind(RpcKind.KV_COMMIT), 1, new FaultInjector.Fault() {
      @Override
      public <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> R apply(
          RpcCall<Q, R> call, RpcInterceptor.Invocation<Q, R> next) {
        throw Status.UNAVAILABLE.withDescription("io exception")
            .withCause(new java.net.ConnectException("Connection refused")).asRuntimeException();
      }
    });
    client.addInterceptor(faults);
    CommitRequest commit = CommitRequest.newBuilder().setStartVersion(1).setCommitVersion(2).addKeys(ByteString.copyFromUtf8("a")).build();
    SendOutcome<CommitResponse> out = sender.send(bo, RpcKind.KV_COMMIT, regionOf("a"), commit, RequestOptions.LEADER);
    assertThat(out).isInstanceOf(SendOutcome.Ok.class);
    assertThat(faults.fired("refused")).isEqualTo(1);
    assertThat(nodes.received).extracting(FakeTikvCluster.Received::method).containsExactly("KvCommit");
    assertThat(sleeper.sleeps).hasSize(1);
  }

  @Test
  void aCommitWhoseConnectionBrokeInFlightIsUndetermined() {
    // a reset while the call was out (the store died serving it) is no proof it was not applied
    FaultInjector faults = new FaultInjector();
    faults.inject("reset", FaultInjector.kind(RpcKind.KV_COMMIT), 1, new FaultInjector.Fault() {
      @Override
      public <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> R apply(
          RpcCall<Q, R> call, RpcInterceptor.Invocation<Q, R> next) {
        next.proceed(call);
        throw Status.UNAVAILABLE.withDescription("io exception")
            .withCause(new java.io.IOException("Connection reset by peer")).asRuntimeException();
      }
    });
    client.addInterceptor(faults);
    CommitRequest commit = CommitRequest.newBuilder().setStartVersion(1).setCommitVersion(2).addKeys(ByteString.copyFromUtf8("a")).build();
    assertThat(sender.send(bo, RpcKind.KV_COMMIT, regionOf("a"), commit, RequestOptions.LEADER)).isInstanceOf(SendOutcome.Undetermined.class);
    assertThat(nodes.received).hasSize(1);
  }

  @Test
  void aCommitWhoseAnswerIsLostIsUndetermined() {
    FaultInjector faults = new FaultInjector();
    faults.inject("lose-commit-answer", FaultInjector.kind(RpcKind.KV_COMMIT), 1, FaultInjector.statusAfterServing(Status.Code.UNAVAILABLE));
    client.addInterceptor(faults);
    CommitRequest commit = CommitRequest.newBuilder().setStartVersion(1).setCommitVersion(2).build();
    assertThat(sender.send(bo, RpcKind.KV_COMMIT, regionOf("a"), commit, RequestOptions.LEADER)).isInstanceOf(SendOutcome.Undetermined.class);
    assertThat(nodes.received).extracting(FakeTikvCluster.Received::method).containsExactly("KvCommit");
    // The next commit goes through: the rule fired once.
    assertThat(sender.send(bo, RpcKind.KV_COMMIT, regionOf("a"), commit, RequestOptions.LEADER)).isInstanceOf(SendOutcome.Ok.class);
  }

  @Test
  void aStaleReadWhoseReplicaIsNotReadyFallsBackToTheLeader() {
    nodes.script(3, FakeTikvCluster.Step.error(Error.newBuilder().setDataIsNotReady(DataIsNotReady.newBuilder().setRegionId(1).setSafeTs(5)).build()));
    GetResponse r = ok(sendGet("a", RequestOptions.stale()));
    assertThat(r.getValue().toStringUtf8()).isEqualTo("v@1");
    assertThat(nodes.storesReached()).containsExactly(3L, 1L);
    assertThat(nodes.received.get(0).context().getStaleRead()).isTrue();
    assertThat(nodes.received.get(1).context().getStaleRead()).isFalse();
    assertThat(nodes.received.get(1).context().getReplicaRead()).isFalse();
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void followerReadsSetReplicaRead() {
    ok(sendGet("a", RequestOptions.replicaRead(ReplicaReadMode.FOLLOWER)));
    FakeTikvCluster.Received r = nodes.received.get(0);
    assertThat(r.storeId()).isIn(2L, 3L);
    assertThat(r.context().getReplicaRead()).isTrue();
  }

  @Test
  void theBudgetBoundsTheRetries() {
    Error busy = Error.newBuilder().setServerIsBusy(ServerIsBusy.getDefaultInstance()).build();
    for (int i = 0; i < 50; i++) {
      nodes.script(1, FakeTikvCluster.Step.error(busy));
    }
    assertThatThrownBy(() -> sendGet("a", RequestOptions.LEADER))
        .isInstanceOf(BackoffExhaustedException.class)
        .matches(e -> ((BackoffExhaustedException) e).kind() == BackoffKind.SERVER_BUSY, "server busy")
        .hasMessageContaining("TiKV server is busy");
    assertThat(sleeper.total()).isLessThanOrEqualTo(Backoffer.GET_BUDGET_MS);
  }

  @Test
  void anUnhealthyStoreIsAvoidedUntilAProbeSucceeds() {
    FaultInjector faults = new FaultInjector().storeDown(1);
    client.addInterceptor(faults);
    nodes.serving.put(1L, false);
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(faults.fired("store-down-1")).isEqualTo(1);
    assertThat(cache.health().isHealthy(1)).isFalse();
    HealthProber prober = new HealthProber(cache.health(), new GrpcHealthProbe(cache, client.pool(), Duration.ofSeconds(30)));
    for (int i = 0; i < 3; i++) {
      ok(sendGet("a", RequestOptions.LEADER));
      assertThat(prober.probeOnce()).as("store 1 is still not serving").isZero();
    }
    assertThat(faults.fired("store-down-1")).as("an unhealthy store gets no request").isEqualTo(1);
    faults.storeUp(1);
    nodes.serving.put(1L, true);
    assertThat(prober.probeOnce()).isEqualTo(1);
    nodes.received.clear();
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(nodes.storesReached()).containsExactly(1L);
  }

  @Test
  void aStoreThatAnswersProbesButFailsRequestsIsIsolatedByItsBreaker() {
    FaultInjector faults = new FaultInjector().storeDown(1);
    client.addInterceptor(faults);
    HealthProber prober = new HealthProber(cache.health(), new GrpcHealthProbe(cache, client.pool(), Duration.ofSeconds(30)));
    for (int i = 0; i < 3; i++) {
      ok(sendGet("a", RequestOptions.LEADER));
      assertThat(prober.probeOnce()).as("the health service still answers").isEqualTo(1);
    }
    assertThat(faults.fired("store-down-1")).isEqualTo(3);
    assertThat(cache.health().breakerState(1)).isEqualTo(CircuitBreaker.State.OPEN);
    for (int i = 0; i < 5; i++) {
      ok(sendGet("a", RequestOptions.LEADER));
    }
    assertThat(faults.fired("store-down-1")).as("an isolated store gets no request").isEqualTo(3);
    // After the open period one request is let through; its success closes the breaker.
    faults.storeUp(1);
    clock.advance(Duration.ofSeconds(10));
    nodes.received.clear();
    ok(sendGet("a", RequestOptions.LEADER));
    assertThat(nodes.storesReached()).containsExactly(1L);
    assertThat(cache.health().breakerState(1)).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void whenEveryReplicaIsIsolatedTheRegionIsDroppedAfterABackoff() {
    for (long s = 1; s <= 3; s++) {
      for (int i = 0; i < 3; i++) {
        cache.health().recordFailure(s);
      }
    }
    SendOutcome<GetResponse> out = sendGet("a", RequestOptions.LEADER);
    assertThat(((SendOutcome.RegionChanged<?>) out).reason()).isEqualTo(InvalidReason.STORE_DOWN);
    assertThat(bo.attempts(BackoffKind.TIKV_RPC)).isEqualTo(1);
    assertThat(nodes.received).isEmpty();
  }

  @Test
  void everyReplicaFailingBacksOffAndStartsANewRound() {
    nodes.script(1, FakeTikvCluster.Step.status(Status.Code.UNAVAILABLE));
    nodes.script(2, FakeTikvCluster.Step.status(Status.Code.UNAVAILABLE));
    nodes.script(3, FakeTikvCluster.Step.status(Status.Code.UNAVAILABLE));
    GetResponse r = ok(sendGet("a", RequestOptions.LEADER));
    assertThat(r.getValue().toStringUtf8()).startsWith("v@");
    assertThat(nodes.received).hasSize(4);
    assertThat(bo.attempts(BackoffKind.TIKV_RPC)).isEqualTo(4);
  }
}
