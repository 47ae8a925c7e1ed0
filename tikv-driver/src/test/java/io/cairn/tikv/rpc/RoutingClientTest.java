package io.cairn.tikv.rpc;

import static io.cairn.tikv.testing.Regions.key;
import static io.cairn.tikv.testing.Regions.encodedRegion;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.proto.errorpb.EpochNotMatch;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchGetResponse;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.FakePdAccess;
import io.cairn.tikv.region.RegionKeys;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.RecordingSleeper;
import io.cairn.tikv.testing.Regions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The assembled routing stack over an in-process fake PD and fake storage nodes. */
class RoutingClientTest {

  @Test
  void batchGetResplitsAfterASplitThatThePdAlsoKnows() {
    String prefix = "routing-" + System.nanoTime();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (InProcess net = new InProcess(); FakeTikvCluster nodes = new FakeTikvCluster(prefix)) {
      FakePdAccess pd = FakePdAccess.start(net, prefix + "-pd", 11);
      for (long s = 1; s <= 3; s++) {
        nodes.startStore(s);
        pd.model().putStore(Regions.store(s, nodes.address(s), Map.of()));
      }
      pd.model().setRegions(List.of(encodedRegion(1, "", "", 1, 1, 1, 2, 3)));
      TikvClientConfig config = TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(30)).withRpcTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30));
      try (RoutingClient routing = RoutingClient.open(List.of(prefix + "-pd"), config, InProcess.channels(), scheduler, Thread::new)) {
        Backoffer bo = new Backoffer(Backoffer.BATCH_GET_BUDGET_MS, new RecordingSleeper(), new Random(1));
        List<byte[]> keys = List.of(key("a"), key("k"), key("x"));
        List<RegionKeys> pending = new ArrayList<>(routing.regionCache().groupKeysByRegion(keys, bo));
        assertThat(pending).hasSize(1);
        // The region splits at "h" and "p"; the node still hosting region 1 says so.
        var r1 = encodedRegion(1, "", "h", 1, 3, 1, 2, 3);
        var r2 = encodedRegion(2, "h", "p", 1, 3, 1, 2, 3);
        var r3 = encodedRegion(3, "p", "", 1, 3, 1, 2, 3);
        pd.model().setRegions(List.of(r1, r2, r3));
        nodes.script(1, FakeTikvCluster.Step.error(Error.newBuilder().setEpochNotMatch(EpochNotMatch.newBuilder().addCurrentRegions(r1).addCurrentRegions(r2).addCurrentRegions(r3)).build()));
        int served = 0;
        int rounds = 0;
        while (!pending.isEmpty()) {
          assertThat(rounds++).isLessThan(5);
          RegionKeys task = pending.remove(0);
          BatchGetRequest req = BatchGetRequest.newBuilder().addAllKeys(task.keys().stream().map(ByteString::copyFrom).toList()).setVersion(5).build();
          SendOutcome<BatchGetResponse> out = routing.sender().send(bo, RpcKind.KV_BATCH_GET, task.region(), req, RequestOptions.LEADER);
          switch (out) {
            case SendOutcome.Ok<BatchGetResponse> ok -> served++;
            case SendOutcome.RegionChanged<BatchGetResponse> changed -> pending.addAll(routing.regionCache().groupKeysByRegion(task.keys(), bo));
            case SendOutcome.Undetermined<BatchGetResponse> u -> throw new AssertionError("a read is never undetermined");
          }
        }
        assertThat(served).isEqualTo(3);
        assertThat(nodes.received).hasSize(4);
        assertThat(nodes.received.subList(1, 4)).extracting(r -> r.context().getRegionId()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(routing.pd().clusterId()).isEqualTo(11);
        assertThat(routing.pd().getTimestamp()).isPositive();
      }
    } finally {
      scheduler.shutdownNow();
    }
  }
}
