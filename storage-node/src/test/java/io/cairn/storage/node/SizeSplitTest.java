package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.PdConfig;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.storage.region.RegionMeta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size-based splits on one Raft node: regions split by size, PD hears of every piece. Slow
 * (about 30 s): every write is a Raft round.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SizeSplitTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int KEYS = 1500;
  private static final long SPLIT_KEYS = 150;

  @TempDir
  Path dir;

  @Test
  void aRegionAboveTheKeyThresholdSplitsNearItsMiddleUntilEveryPieceIsBelow() {
    try (RaftCluster cluster = new RaftCluster(dir, PdConfig.defaults())) {
      // the periodic check is out of the way; the test runs the checks itself
      StorageNode node = cluster.start("n1", b -> b.regionSplitKeys(SPLIT_KEYS)
          .regionSplitSize(64L << 20).splitCheckInterval(Duration.ofHours(1)));
      long first = node.regions().regions().get(0).id();
      RaftCluster.await("the node leads its region", WAIT, () -> RaftCluster.leads(node, first));
      assertThat(node.checkSplits()).as("an empty region does not split").isZero();
      for (int i = 0; i < KEYS; i++) {
        cluster.put(key(i), "value-" + i, WAIT);
      }

      // a round may split nothing while RocksDB's estimate lags the fresh data: check again
      int rounds = 0;
      while (true) {
        int splits = node.checkSplits();
        if (splits == 0 && node.regions().regions().stream()
            .allMatch(m -> keysIn(m) <= SPLIT_KEYS)) {
          break;
        }
        rounds++;
        assertThat(rounds).as("split rounds").isLessThan(30);
        if (splits == 0) {
          RaftCluster.sleep(200);
        }
      }

      List<RegionMeta> regions = node.regions().regions();
      assertThat(regions.size()).as("regions after %d rounds", rounds)
          .isBetween(8, (int) (2 * KEYS / SPLIT_KEYS) + 1);
      assertThat(regions.getFirst().startKey()).isEmpty();
      assertThat(regions.getLast().endKey()).isEmpty();
      for (int i = 0; i + 1 < regions.size(); i++) {
        assertThat(regions.get(i).endKey()).isEqualTo(regions.get(i + 1).startKey());
      }
      for (RegionMeta m : regions) {
        // each piece is at most the threshold and at least a quarter of it (split near the middle)
        long keys = keysIn(m);
        assertThat(keys).as("keys in %s", m).isBetween(SPLIT_KEYS / 4, SPLIT_KEYS);
        // every split boundary is a key that was written
        if (m.startKey().length > 0) {
          String start = new String(m.startKey(), StandardCharsets.UTF_8);
          assertThat(start).matches("key\\d{5}");
        }
      }
      RaftCluster.await("PD routes every piece as the node has it", WAIT, () -> regions.stream()
          .allMatch(m -> {
            RegionInfo r = cluster.pd().driver().cluster().regionById(m.id());
            return r != null && r.meta().getRegionEpoch().getVersion() == m.epoch().version()
                && r.meta().getStartKey().equals(ByteString.copyFrom(m.startKey()));
          }));
      assertThat(cluster.pd().driver().cluster().regionCount()).isEqualTo(regions.size());
      for (int i = 0; i < KEYS; i++) {
        assertThat(cluster.get(key(i), WAIT)).as(key(i)).isEqualTo("value-" + i);
      }
    }
  }

  private static long keysIn(RegionMeta m) {
    long n = 0;
    for (int i = 0; i < KEYS; i++) {
      if (m.contains(key(i).getBytes(StandardCharsets.UTF_8))) {
        n++;
      }
    }
    return n;
  }

  private static String key(int i) {
    return String.format("key%05d", i);
  }
}
