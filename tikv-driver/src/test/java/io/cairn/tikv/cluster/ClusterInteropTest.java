package io.cairn.tikv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.tikv.common.BytePairWrapper;
import org.tikv.common.ByteWrapper;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.raw.RawKVClient;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.KVClient;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * An independent client, tikv-client-java, against one PD and three storage nodes running as
 * separate processes (Raft on RocksDB, 3 replicas): 10,000 raw keys and 10,000 transactional
 * keys, written half before and half after the client's own split-region API cut the key space
 * into at least 8 regions, all read back by point gets, batch gets and scans. Values are
 * random (seeded; the seed is in every failure message).
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterInteropTest {

  private static final int KEYS = 10_000;
  private static final int SPLITS = 9;

  private ProcessCluster cluster;
  private final long seed = System.nanoTime();

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) {
    cluster = ProcessCluster.start(dir, 3);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(String prefix, int i) {
    return String.format("%s%05d", prefix, i);
  }

  /** Random values of 1-64 bytes, the same for the same seed, prefix and index. */
  private Map<String, String> values(String prefix) {
    Random rnd = new Random(seed ^ prefix.hashCode());
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < KEYS; i++) {
      StringBuilder v = new StringBuilder();
      int len = 1 + rnd.nextInt(64);
      for (int j = 0; j < len; j++) {
        v.append((char) ('a' + rnd.nextInt(26)));
      }
      out.put(key(prefix, i), v.toString());
    }
    return out;
  }

  /** Split points spreading the prefix's keys over SPLITS + 1 regions. */
  private static List<byte[]> splitKeys(String prefix) {
    List<byte[]> out = new ArrayList<>();
    for (int s = 1; s <= SPLITS; s++) {
      out.add(b(key(prefix, s * KEYS / (SPLITS + 1))));
    }
    return out;
  }

  private int regionCount() {
    return cluster.probe().regions().size();
  }

  @Test
  @SuppressWarnings("try") // TiSession.close() declares Exception
  void rawKeysSurviveSplitsAndReadBack() throws Exception {
    Map<String, String> expected = values("raw/");
    TiConfiguration conf = TiConfiguration.createRawDefault(cluster.pdAddress());
    conf.setWarmUpEnable(false);
    int before = regionCount();
    try (TiSession session = TiSession.create(conf); RawKVClient raw = session.createRawClient()) {
      List<Map.Entry<String, String>> entries = new ArrayList<>(expected.entrySet());
      putRaw(raw, entries.subList(0, KEYS / 2));
      session.splitRegionAndScatter(splitKeys("raw/"), 20_000, 1_000, 0);
      awaitSplitLeaders();
      assertThat(regionCount()).as("seed %d: regions after the raw splits", seed)
          .isGreaterThanOrEqualTo(before + SPLITS).isGreaterThanOrEqualTo(8);
      putRaw(raw, entries.subList(KEYS / 2, KEYS));

      for (int i = 0; i < KEYS; i += 97) {
        String k = key("raw/", i);
        assertThat(raw.get(bs(k)).map(ByteString::toStringUtf8))
            .as("seed %d: raw get %s", seed, k).contains(expected.get(k));
      }
      List<ByteString> all = expected.keySet().stream().map(ClusterInteropTest::bs).toList();
      Map<String, String> batch = new HashMap<>();
      for (int from = 0; from < KEYS; from += 1000) {
        for (Kvrpcpb.KvPair p : raw.batchGet(new ArrayList<>(all.subList(from, from + 1000)))) {
          batch.put(p.getKey().toStringUtf8(), p.getValue().toStringUtf8());
        }
      }
      assertThat(batch).as("seed %d: raw batch get", seed).isEqualTo(expected);
      List<Kvrpcpb.KvPair> scanned = raw.scan(bs("raw/"), bs("raw0"));
      Map<String, String> scan = new LinkedHashMap<>();
      scanned.forEach(p -> scan.put(p.getKey().toStringUtf8(), p.getValue().toStringUtf8()));
      assertThat(scan).as("seed %d: raw scan", seed).containsExactlyEntriesOf(expected);
    }
  }

  /**
   * Waits until every region the split made has elected its leader. A new Raft group elects
   * after its first election timeout, while TiKV's split child campaigns at once on the
   * parent leader's store; tikv-client-java's raw batch put gives up on a leaderless region
   * (NotLeader without a hint) within about a second, so writing into the split's children at
   * once fails now and then even on an idle machine.
   */
  private void awaitSplitLeaders() {
    cluster.awaitReady(Duration.ofSeconds(60));
  }

  private static void putRaw(RawKVClient raw, List<Map.Entry<String, String>> entries) {
    for (int from = 0; from < entries.size(); from += 500) {
      Map<ByteString, ByteString> batch = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : entries.subList(from, Math.min(entries.size(), from + 500))) {
        batch.put(bs(e.getKey()), bs(e.getValue()));
      }
      raw.batchPut(batch);
    }
  }

  @Test
  @SuppressWarnings("try") // TiSession.close() declares Exception
  void transactionalKeysSurviveSplitsAndReadBack() throws Exception {
    Map<String, String> expected = values("txn/");
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddress());
    conf.setWarmUpEnable(false);
    int before = regionCount();
    try (TiSession session = TiSession.create(conf)) {
      List<Map.Entry<String, String>> entries = new ArrayList<>(expected.entrySet());
      // 1,000-key transactions: each spans regions once the splits are in
      for (int from = 0; from < KEYS / 2; from += 1000) {
        commit(session, entries.subList(from, from + 1000));
      }
      session.splitRegionAndScatter(splitKeys("txn/"), 20_000, 1_000, 0);
      awaitSplitLeaders();
      assertThat(regionCount()).as("seed %d: regions after the transactional splits", seed)
          .isGreaterThanOrEqualTo(before + SPLITS).isGreaterThanOrEqualTo(8);
      for (int from = KEYS / 2; from < KEYS; from += 1000) {
        commit(session, entries.subList(from, from + 1000));
      }

      long readTs = session.getTimestamp().getVersion();
      try (KVClient kv = session.createKVClient()) {
        for (int i = 0; i < KEYS; i += 97) {
          String k = key("txn/", i);
          assertThat(kv.get(bs(k), readTs).toStringUtf8()).as("seed %d: get %s", seed, k)
              .isEqualTo(expected.get(k));
        }
        Map<String, String> batch = new HashMap<>();
        List<ByteString> all = expected.keySet().stream().map(ClusterInteropTest::bs).toList();
        for (int from = 0; from < KEYS; from += 1000) {
          for (Kvrpcpb.KvPair p : kv.batchGet(ConcreteBackOffer.newCustomBackOff(60_000),
              new ArrayList<>(all.subList(from, from + 1000)), readTs)) {
            batch.put(p.getKey().toStringUtf8(), p.getValue().toStringUtf8());
          }
        }
        assertThat(batch).as("seed %d: transactional batch get", seed).isEqualTo(expected);
        Map<String, String> scan = new LinkedHashMap<>();
        kv.scan(bs("txn/"), bs("txn0"), readTs)
            .forEach(p -> scan.put(p.getKey().toStringUtf8(), p.getValue().toStringUtf8()));
        assertThat(scan).as("seed %d: transactional scan", seed).containsExactlyEntriesOf(expected);
      }
    }
  }

  /** Percolator through the client's committer: primary first, then the secondaries. */
  private static void commit(TiSession session, List<Map.Entry<String, String>> entries) {
    long startTs = session.getTimestamp().getVersion();
    byte[] primary = b(entries.get(0).getKey());
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      committer.prewritePrimaryKey(ConcreteBackOffer.newCustomBackOff(60_000), primary,
          b(entries.get(0).getValue()));
      List<BytePairWrapper> secondaries = new ArrayList<>();
      List<ByteWrapper> secondaryKeys = new ArrayList<>();
      for (Map.Entry<String, String> e : entries.subList(1, entries.size())) {
        secondaries.add(new BytePairWrapper(b(e.getKey()), b(e.getValue())));
        secondaryKeys.add(new ByteWrapper(b(e.getKey())));
      }
      committer.prewriteSecondaryKeys(primary, secondaries.iterator(), 60_000);
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(60_000), primary, commitTs);
      committer.commitSecondaryKeys(secondaryKeys.iterator(), commitTs, 60_000);
    } catch (Exception e) {
      throw new AssertionError("commit of " + entries.size() + " keys from "
          + entries.get(0).getKey() + " failed", e);
    }
  }
}
