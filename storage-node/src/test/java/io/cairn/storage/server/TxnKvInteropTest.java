package io.cairn.storage.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.region.KeyMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.ByteWrapper;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.KVClient;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * tikv-client-java's TwoPhaseCommitter and KVClient against one node found through a
 * {@link FakePd}, with the transactional key space split (at a memcomparable-encoded key).
 */
// Starting tikv-client-java (metrics, PD bootstrap, shaded gRPC) costs several seconds.
@Tag("slow")
class TxnKvInteropTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(ByteString b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void twoPhaseCommitThenReadBackAcrossRegions() throws Exception {
    AtomicLong ids = new AtomicLong(100);
    StorageNodeConfig config = StorageNodeConfig.builder().port(0).build();
    try (StorageNodeServer node = new StorageNodeServer(config, ids::incrementAndGet,
        CoprocessorHandler.UNSUPPORTED).start()) {
      long region = node.regions().regions().get(0).id();
      node.regionEngine().split(node.regionEngine().contextFor(region, KeyMode.TXN),
          List.of(KeyMode.TXN.toRegionKey(b("t050"))));
      try (FakePd pd = new FakePd(node)) {
        TiConfiguration conf = TiConfiguration.createDefault(pd.address());
        try (TiSession session = TiSession.create(conf)) {
          long startTs = session.getTimestamp().getVersion();
          try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
            committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(20_000), b("t000"),
                b("v000"));
            List<BytePairWrapper> secondaries = new ArrayList<>();
            List<ByteWrapper> secondaryKeys = new ArrayList<>();
            for (int i = 1; i < 100; i++) {
              secondaries.add(new BytePairWrapper(b(String.format("t%03d", i)),
                  b(String.format("v%03d", i))));
              secondaryKeys.add(new ByteWrapper(b(String.format("t%03d", i))));
            }
            committer.prewriteSecondaryKeys(b("t000"), secondaries.iterator(), 20_000);
            long commitTs = session.getTimestamp().getVersion();
            committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(20_000), b("t000"),
                commitTs);
            committer.commitSecondaryKeys(secondaryKeys.iterator(), commitTs, 20_000);
          }
          long readTs = session.getTimestamp().getVersion();
          try (KVClient kv = session.createKVClient()) {
            assertThat(s(kv.get(ByteString.copyFromUtf8("t000"), readTs))).isEqualTo("v000");
            assertThat(s(kv.get(ByteString.copyFromUtf8("t077"), readTs))).isEqualTo("v077");
            assertThat(kv.get(ByteString.copyFromUtf8("t000"), startTs).isEmpty()).isTrue();
            List<Kvrpcpb.KvPair> all = kv.scan(ByteString.copyFromUtf8("t"),
                ByteString.copyFromUtf8("u"), readTs);
            assertThat(all).hasSize(100);
            assertThat(all).extracting(p -> s(p.getKey())).isSorted();
            // The client sorts the list in place.
            List<ByteString> keys = new ArrayList<>(List.of(ByteString.copyFromUtf8("t010"),
                ByteString.copyFromUtf8("t090"), ByteString.copyFromUtf8("nope")));
            assertThat(kv.batchGet(ConcreteBackOffer.newCustomBackOff(20_000), keys, readTs))
                .extracting(p -> s(p.getValue())).containsExactlyInAnyOrder("v010", "v090");
          }
        }
      }
    }
  }
}
