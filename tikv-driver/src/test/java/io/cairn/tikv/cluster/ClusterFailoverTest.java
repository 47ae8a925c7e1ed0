package io.cairn.tikv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.kv.Storage;
import io.cairn.storage.region.KeyMode;
import io.cairn.tikv.driver.StoreCache;
import io.cairn.tikv.driver.TikvDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's own driver ({@code tikv://}) runs bank transfers ({@link BankWorkload}, 4 threads,
 * fixed total) against one PD and three Raft nodes as separate processes while nodes are
 * SIGKILLed:
 * <ol>
 *   <li>the node PD names leader of the accounts' region is killed: transfers that begin after
 *       the kill are acknowledged again within 10 s (the gap is logged as a figure);</li>
 *   <li>it is restarted and PD sees it serving with no pending peer; then another node is
 *       killed, so every quorum needs the restarted one, and writes must resume again: the
 *       restarted node caught up. This gap may include the rest of the catch-up (a snapshot
 *       install when the leader's log was compacted), so it is held to 30 s, not 10;</li>
 *   <li>no acknowledged transfer is lost, no failed one is visible, balances match the
 *       committed transfers and the total is invariant;</li>
 *   <li>every process is SIGKILLed while transfers run, and the cluster restarted: the same
 *       checks hold, through the old storage and a fresh one (no partial transaction).</li>
 * </ol>
 */
@Tag("slow")
class ClusterFailoverTest {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverTest.class);
  private static final Duration RESUME_LIMIT = Duration.ofSeconds(10);
  private static final Duration CATCH_UP_RESUME_LIMIT = Duration.ofSeconds(30);

  private static String url(ProcessCluster c) {
    return "tikv://" + c.pdAddress() + "?pd-timeout=5s";
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void transfersSurviveLeaderKillRestartAndWholeClusterKill(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    long seed = System.nanoTime();
    LOG.info("cluster under {} (kept when the test fails)", dir);
    try (ProcessCluster cluster = ProcessCluster.start(dir, 3)) {
      Storage storage = new TikvDriver(new StoreCache()).open(url(cluster));
      BankWorkload bank = new BankWorkload(storage, 20, 4, seed);
      try {
        bank.createAccounts();
        bank.start();
        awaitAcks(bank, 20, seed);

        ByteString accountsRegionKey =
            ByteString.copyFrom(KeyMode.TXN.toRegionKey(BankWorkload.account(0).toByteArray()));
        int leader = cluster.leaderNodeOf(accountsRegionKey);
        long killed = System.nanoTime();
        cluster.kill(leader);
        Duration gap = awaitResume(bank, killed, RESUME_LIMIT, seed,
            "after SIGKILL of leader node-" + leader);
        LOG.info("FIGURE leader failover: first transfer begun after SIGKILL of the leader"
            + " acknowledged {} ms after the kill (seed {})", gap.toMillis(), seed);

        cluster.restart(leader);
        long restarted = System.nanoTime();
        cluster.awaitReady(Duration.ofSeconds(120));
        LOG.info("FIGURE restarted node-{} serving with no pending peer {} ms after restart",
            leader, Duration.ofNanos(System.nanoTime() - restarted).toMillis());
        int other = (leader + 1) % cluster.nodeCount();
        long killedOther = System.nanoTime();
        cluster.kill(other);
        Duration gap2 = awaitResume(bank, killedOther, CATCH_UP_RESUME_LIMIT, seed,
            "after SIGKILL of node-" + other
            + " with the restarted node-" + leader + " needed for quorum");
        LOG.info("FIGURE second failover (restarted node in every quorum): {} ms (seed {})",
            gap2.toMillis(), seed);
        cluster.restart(other);
        cluster.awaitReady(Duration.ofSeconds(120));
        bank.stop();
        BankWorkload.Result r = bank.verify(storage);
        LOG.info("after two node kills: {} acknowledged, {} committed, {} undetermined, errors {}"
            + " (seed {})", r.acknowledged(), r.committed(), r.undetermined(), bank.errors(), seed);

        bank.start();
        awaitAcks(bank, r.acknowledged() + 20, seed);
        cluster.killAll();
        cluster.restartAll();
        bank.stop();
        BankWorkload.Result whole = bank.verify(storage);
        try (Storage fresh = new TikvDriver(new StoreCache()).open(url(cluster))) {
          assertThat(bank.verify(fresh)).as("seed %d: a fresh client sees the same", seed)
              .isEqualTo(whole);
        }
        LOG.info("after the whole-cluster kill: {} acknowledged, {} committed, {} undetermined,"
            + " errors {} (seed {})", whole.acknowledged(), whole.committed(),
            whole.undetermined(), bank.errors(), seed);
        assertThat(bank.unexpected()).as("seed %d: exceptions the driver did not translate",
            seed).isEmpty();
      } finally {
        bank.stop();
        storage.close();
      }
    }
  }

  private static void awaitAcks(BankWorkload bank, int count, long seed)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (bank.acks().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("seed " + seed + ": only " + bank.acks().size()
            + " transfers acknowledged in 60 s, errors " + bank.errors());
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits for the first acknowledged transfer that began after {@code killedNanos} and
   * asserts it came within {@code limit} of the kill; returns that gap.
   */
  private static Duration awaitResume(BankWorkload bank, long killedNanos, Duration limit,
      long seed, String what) throws InterruptedException {
    long deadline = killedNanos + limit.toNanos() + TimeUnit.SECONDS.toNanos(20);
    OptionalLong ack = bank.firstAckOfTransferBegunAfter(killedNanos);
    while (ack.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      ack = bank.firstAckOfTransferBegunAfter(killedNanos);
    }
    assertThat(ack).as("seed %d: a transfer acknowledged %s (errors %s)", seed, what,
        bank.errors()).isPresent();
    Duration gap = Duration.ofNanos(ack.getAsLong() - killedNanos);
    assertThat(gap).as("seed %d: writes resume %s", seed, what).isLessThan(limit);
    return gap;
  }
}
