package io.cairn.tikv.cluster;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that, round after round, SIGKILLs one node of a {@link ProcessCluster},
 * restarts it after {@code down}, waits until the cluster is ready again (every node serving
 * and up in PD, every region with its replicas and a leader), and lets it run for {@code up}
 * before the next round. Only one node is ever down, so every region keeps a quorum.
 *
 * <p>Each round's victim differs from the previous one and is among the nodes killed least so
 * far, so the first three rounds kill three different nodes; among those, the node PD names
 * leader of the region holding {@code busyRegionKey} (the region the workload writes most) is
 * preferred. The thread owns the cluster while it runs:
 * nobody else may drive it until {@link #close()} returned. A failure of the thread (a node
 * that does not come back) ends it and is reported by {@link #failure()}.
 */
final class NodeChaos implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeChaos.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** One round: which node, whether it led the busy region, and how long it took to be back. */
  record Round(int node, boolean leader, long downMillis, long backMillis) {}

  private final ProcessCluster cluster;
  private final ByteString busyRegionKey;
  private final Duration up;
  private final Duration down;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<Round> rounds = Collections.synchronizedList(new ArrayList<>());
  private final int[] kills;
  private final Thread thread;
  private volatile Throwable failure;

  NodeChaos(ProcessCluster cluster, ByteString busyRegionKey, Duration up, Duration down) {
    this.cluster = cluster;
    this.busyRegionKey = busyRegionKey;
    this.up = up;
    this.down = down;
    this.kills = new int[cluster.nodeCount()];
    this.thread = new Thread(this::run, "node-chaos");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  List<Round> rounds() {
    synchronized (rounds) {
      return List.copyOf(rounds);
    }
  }

  /** What ended the thread early, or null. */
  Throwable failure() {
    return failure;
  }

  private void run() {
    int previous = -1;
    try {
      for (int round = 0; !stop.await(up.toMillis(), TimeUnit.MILLISECONDS); round++) {
        int leader = leaderOrMinusOne();
        int victim = leastKilledExcept(previous, leader);
        long killed = System.nanoTime();
        cluster.kill(victim);
        kills[victim]++;
        LOG.info("chaos round {}: SIGKILL node-{}{}", round, victim,
            victim == leader ? " (leader of the busy region)" : "");
        // the node stays down even when asked to stop: it is restarted and waited for below
        stop.await(down.toMillis(), TimeUnit.MILLISECONDS);
        long restarted = System.nanoTime();
        cluster.restart(victim);
        cluster.awaitReady(READY_TIMEOUT);
        long back = System.nanoTime();
        rounds.add(new Round(victim, victim == leader,
            TimeUnit.NANOSECONDS.toMillis(restarted - killed),
            TimeUnit.NANOSECONDS.toMillis(back - restarted)));
        LOG.info("chaos round {}: node-{} back and the cluster ready {} ms after its restart",
            round, victim, TimeUnit.NANOSECONDS.toMillis(back - restarted));
        previous = victim;
      }
    } catch (InterruptedException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      LOG.error("chaos thread failed", e);
      failure = e;
    }
  }

  private int leaderOrMinusOne() {
    try {
      return cluster.leaderNodeOf(busyRegionKey);
    } catch (RuntimeException e) {
      // PD knows no leader right now (an election): pick by count instead
      return -1;
    }
  }

  /** A node other than {@code previous} killed least so far: {@code preferred} if it is one. */
  private int leastKilledExcept(int previous, int preferred) {
    int best = -1;
    for (int i = 0; i < kills.length; i++) {
      if (i != previous && (best < 0 || kills[i] < kills[best])) {
        best = i;
      }
    }
    return preferred >= 0 && preferred != previous && kills[preferred] == kills[best]
        ? preferred : best;
  }

  /** Ends the rounds: a node that is down is restarted and waited for first. */
  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join(TimeUnit.MINUTES.toMillis(5));
    if (thread.isAlive()) {
      throw new IllegalStateException("the chaos thread did not end within 5 minutes");
    }
  }
}
