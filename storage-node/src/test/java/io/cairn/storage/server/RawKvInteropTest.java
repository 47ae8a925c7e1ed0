package io.cairn.storage.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.region.KeyMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.raw.RawKVClient;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * tikv-client-java's RawKVClient against one node over the network, found through a
 * {@link FakePd}, with the raw key space split into three regions.
 */
// Starting tikv-client-java (metrics, PD bootstrap, shaded gRPC) costs several seconds.
@Tag("slow")
class RawKvInteropTest {

  private static ByteString k(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static String s(ByteString b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rawClientReadsBackEverythingAcrossRegions() throws Exception {
    AtomicLong ids = new AtomicLong(100);
    StorageNodeConfig config = StorageNodeConfig.builder().port(0).build();
    try (StorageNodeServer node = new StorageNodeServer(config, ids::incrementAndGet,
        CoprocessorHandler.UNSUPPORTED).start()) {
      long region = node.regions().regions().get(0).id();
      node.regionEngine().split(node.regionEngine().contextFor(region, KeyMode.RAW),
          List.of("k030".getBytes(StandardCharsets.UTF_8), "k060".getBytes(StandardCharsets.UTF_8)));
      try (FakePd pd = new FakePd(node)) {
        TiConfiguration conf = TiConfiguration.createRawDefault(pd.address());
        conf.setEnableAtomicForCAS(true);
        // tikv-client-java's slow log iterates a batch's spans while its sub-batch threads still
        // add to them (a ConcurrentModificationException once a batch is slow, as on a loaded
        // machine): keep every slow-log threshold out of reach.
        conf.setRawKVReadSlowLogInMS(Integer.MAX_VALUE);
        conf.setRawKVWriteSlowLogInMS(Integer.MAX_VALUE);
        conf.setRawKVBatchReadSlowLogInMS(Integer.MAX_VALUE);
        conf.setRawKVBatchWriteSlowLogInMS(Integer.MAX_VALUE);
        conf.setRawKVScanSlowLogInMS(Integer.MAX_VALUE);
        try (TiSession session = TiSession.create(conf);
            RawKVClient client = session.createRawClient()) {
          client.put(k("k000"), k("v000"));
          assertThat(client.get(k("k000")).map(RawKvInteropTest::s)).contains("v000");
          Map<ByteString, ByteString> batch = new LinkedHashMap<>();
          for (int i = 1; i < 100; i++) {
            batch.put(k(String.format("k%03d", i)), k(String.format("v%03d", i)));
          }
          client.batchPut(batch);
          List<ByteString> keys = new ArrayList<>(batch.keySet());
          assertThat(client.batchGet(keys)).hasSize(99);
          List<Kvrpcpb.KvPair> all = client.scan(k("k"), k("l"), 1000);
          assertThat(all).hasSize(100);
          assertThat(all).extracting(p -> s(p.getKey())).isSorted();
          client.delete(k("k050"));
          assertThat(client.get(k("k050"))).isEmpty();
          client.deleteRange(k("k010"), k("k020"));
          assertThat(client.scan(k("k"), k("l"), 1000)).hasSize(89);
          client.compareAndSet(k("k000"), Optional.of(k("v000")), k("swapped"));
          assertThat(client.get(k("k000")).map(RawKvInteropTest::s)).contains("swapped");
        }
      }
    }
  }
}
