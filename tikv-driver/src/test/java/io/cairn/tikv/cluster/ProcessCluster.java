package io.cairn.tikv.cluster;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.pdpb.Region;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One placement driver and N storage nodes (RocksDB, Raft), each a separate JVM started with
 * this JVM's {@code java} and class path ({@link PdProcessMain}, {@link NodeProcessMain}), on
 * loopback ports picked free once, data under {@code dir/pd} and {@code dir/node-<i>}. Each
 * process's stdout and stderr are appended to {@code stdout.log} / {@code stderr.log} in its
 * data dir, so restarts keep the history.
 *
 * <p>{@link #start} returns once PD reports every store up and every region with its replicas
 * and a leader ({@link #awaitReady}). {@link #kill} is SIGKILL ({@link Process#destroyForcibly});
 * {@link #restart} starts the same command again: same data dir, same client and Raft ports,
 * which the other replicas recorded. {@link #close} sends SIGTERM to the nodes, then to PD, and
 * waits for each to exit (SIGKILL after 30 s). A JVM shutdown hook kills whatever is still
 * running if the test JVM exits without closing. Nodes are numbered from 0. Not thread-safe:
 * one test thread drives it.
 */
public final class ProcessCluster implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Heartbeat interval of test clusters. PD schedules (adds the first region's replicas, one
   * per heartbeat) as the heartbeats come, so the production 10 s would cost every cluster
   * start about 30 s.
   */
  public static final Duration TEST_HEARTBEAT = Duration.ofSeconds(1);

  private final Member pd;
  private final List<Member> nodes = new ArrayList<>();
  private final ClusterProbe probe;
  private final Thread reaper;
  private boolean closed;

  private ProcessCluster(Path dir, int nodeCount, Duration heartbeat) {
    int pdPort = freePort();
    this.pd = new Member("pd", dir.resolve("pd"), "127.0.0.1:" + pdPort, 256,
        PdProcessMain.class, List.of("--data-dir", dir.resolve("pd").toString(),
            "--host", "127.0.0.1", "--client-port", Integer.toString(pdPort)));
    for (int i = 0; i < nodeCount; i++) {
      Path data = dir.resolve("node-" + i);
      int port = freePort();
      int raftPort = freePort();
      nodes.add(new Member("node-" + i, data, "127.0.0.1:" + port, 1024, NodeProcessMain.class,
          List.of("--pd", pd.address, "--data-dir", data.toString(), "--host", "127.0.0.1",
              "--port", Integer.toString(port), "--raft-addr", "127.0.0.1:" + raftPort,
              "--heartbeat-interval", Long.toString(heartbeat.toMillis()))));
    }
    this.probe = new ClusterProbe(pd.address);
    this.reaper = new Thread(this::killEverything, "process-cluster-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts PD and {@code nodeCount} nodes with {@link #TEST_HEARTBEAT} under {@code dir} and
   * waits until the cluster is ready; on failure everything started is stopped.
   */
  public static ProcessCluster start(Path dir, int nodeCount) {
    return start(dir, nodeCount, TEST_HEARTBEAT);
  }

  /**
   * As {@link #start(Path, int)}, with the nodes' store and region heartbeats every
   * {@code heartbeat} (production: 10 s).
   */
  public static ProcessCluster start(Path dir, int nodeCount, Duration heartbeat) {
    if (nodeCount < 1) {
      throw new IllegalArgumentException("a cluster needs a node: " + nodeCount);
    }
    ProcessCluster c = new ProcessCluster(dir, nodeCount, heartbeat);
    try {
      c.startAll();
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /** PD's {@code host:port}, for {@code tikv://} URLs and clients. */
  public String pdAddress() {
    return pd.address;
  }

  public int nodeCount() {
    return nodes.size();
  }

  /** The OS process id of node {@code i}; it changes on restart. */
  public long nodePid(int i) {
    return nodes.get(i).running().pid();
  }

  ClusterProbe probe() {
    return probe;
  }

  /** The node whose store PD knows by {@code storeId}. */
  public int nodeOfStore(long storeId) {
    for (Store s : probe.stores()) {
      if (s.getId() == storeId) {
        for (int i = 0; i < nodes.size(); i++) {
          if (nodes.get(i).address.equals(s.getAddress())) {
            return i;
          }
        }
      }
    }
    throw new IllegalStateException("no node of this cluster is store " + storeId);
  }

  /**
   * The node PD names as leader of the region holding {@code regionKey} (PD's key space:
   * memcomparable-encoded for transactional keys).
   */
  public int leaderNodeOf(ByteString regionKey) {
    long store = probe.region(regionKey).getLeader().getStoreId();
    if (store == 0) {
      throw new IllegalStateException("PD knows no leader for the region of " + regionKey);
    }
    return nodeOfStore(store);
  }

  /** SIGKILL of node {@code i}; returns once the process is gone. */
  public void kill(int i) {
    nodes.get(i).kill();
  }

  /** Starts node {@code i} again with the same data dir and ports; does not wait for it. */
  public void restart(int i) {
    nodes.get(i).start();
  }

  /** SIGKILL of every node and PD. */
  public void killAll() {
    killEverything();
  }

  /** Starts PD and every node again and waits until the cluster is ready. */
  public void restartAll() {
    startAll();
  }

  /**
   * Waits until every node answers its health check, PD lists every store as up, and every
   * region PD knows has {@code min(3, nodes)} peers, none pending, and a leader.
   *
   * @throws IllegalStateException when a process died, or after {@code timeout}, with the
   *     last lines of every process's logs
   */
  public void awaitReady(Duration timeout) {
    int replicas = Math.min(3, nodes.size());
    awaitCondition(timeout, "every store up and every region with " + replicas
        + " replicas and a leader", () -> {
          for (Member n : nodes) {
            if (!ClusterProbe.serving(n.address)) {
              return n.name + " not serving";
            }
          }
          Set<String> up = probe.upStores().stream().map(Store::getAddress)
              .collect(Collectors.toSet());
          for (Member n : nodes) {
            if (!up.contains(n.address)) {
              return n.name + " not up in PD";
            }
          }
          List<Region> regions = probe.regions();
          if (regions.isEmpty()) {
            return "no region yet";
          }
          for (Region r : regions) {
            if (r.getRegion().getPeersCount() != replicas || r.getPendingPeersCount() > 0
                || r.getLeader().getStoreId() == 0) {
              return "region " + r.getRegion().getId() + " has " + r.getRegion().getPeersCount()
                  + " peers, " + r.getPendingPeersCount() + " pending, leader store "
                  + r.getLeader().getStoreId();
            }
          }
          return null;
        });
  }

  /**
   * Polls {@code check} (null when satisfied, else what is missing) until it is satisfied;
   * fails early when a process of the cluster died.
   */
  void awaitCondition(Duration timeout, String what, Supplier<String> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String missing = "not checked yet";
    while (System.nanoTime() < deadline) {
      for (Member m : members()) {
        if (m.wanted && m.process != null && !m.process.isAlive()) {
          throw new IllegalStateException(m.name + " exited with " + m.process.exitValue()
              + " while waiting for " + what + "\n" + logTails());
        }
      }
      try {
        missing = check.get();
        if (missing == null) {
          return;
        }
      } catch (StatusRuntimeException | IllegalStateException e) {
        missing = e.toString();
      }
      sleep(200);
    }
    throw new IllegalStateException("not " + what + " after " + timeout + " (" + missing + ")\n"
        + logTails());
  }

  /** The last lines of every process's stdout and stderr, for failure messages. */
  private String logTails() {
    StringBuilder b = new StringBuilder();
    for (Member m : members()) {
      for (String f : List.of("stdout.log", "stderr.log")) {
        Path p = m.dataDir.resolve(f);
        if (Files.exists(p)) {
          try {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            b.append("---- ").append(m.name).append('/').append(f).append('\n');
            lines.subList(Math.max(0, lines.size() - 15), lines.size())
                .forEach(l -> b.append(l).append('\n'));
          } catch (IOException | UncheckedIOException e) {
            b.append("---- ").append(p).append(": ").append(e).append('\n');
          }
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Member n : nodes) {
      n.terminate();
    }
    for (Member n : nodes) {
      n.awaitExit();
    }
    pd.terminate();
    pd.awaitExit();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs and finds nothing alive
    }
  }

  private void startAll() {
    pd.start();
    awaitCondition(Duration.ofSeconds(60), "PD answering", () -> {
      probe.stores();
      return null;
    });
    // the nodes start together: JVM start-up dominates, and bootstrap races are PD's to settle
    nodes.forEach(Member::start);
    awaitReady(READY_TIMEOUT);
  }

  private List<Member> members() {
    List<Member> all = new ArrayList<>(nodes);
    all.add(pd);
    return all;
  }

  private void killEverything() {
    for (Member m : members()) {
      m.kill();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** One process of the cluster: its fixed command line and, while it runs, its Process. */
  private static final class Member {
    final String name;
    final Path dataDir;
    final String address;
    final List<String> command;
    Process process;
    /** Started and not killed since: its death is a failure, not the test's doing. */
    boolean wanted;

    Member(String name, Path dataDir, String address, int heapMb, Class<?> main,
        List<String> args) {
      this.name = name;
      this.dataDir = dataDir;
      this.address = address;
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("--enable-native-access=ALL-UNNAMED");
      cmd.add("-Xmx" + heapMb + "m");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(main.getName());
      cmd.addAll(args);
      this.command = List.copyOf(cmd);
    }

    synchronized void start() {
      if (process != null && process.isAlive()) {
        throw new IllegalStateException(name + " is already running");
      }
      try {
        Files.createDirectories(dataDir);
        wanted = true;
        process = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("stdout.log").toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolve("stderr.log").toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }

    synchronized Process running() {
      if (process == null || !process.isAlive()) {
        throw new IllegalStateException(name + " is not running");
      }
      return process;
    }

    synchronized void kill() {
      wanted = false;
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        waitFor(process, 30);
      }
    }

    synchronized void terminate() {
      wanted = false;
      if (process != null && process.isAlive()) {
        process.destroy();
      }
    }

    synchronized void awaitExit() {
      if (process != null && !waitFor(process, 30)) {
        process.destroyForcibly();
        waitFor(process, 30);
      }
    }

    private static boolean waitFor(Process p, int seconds) {
      try {
        return p.waitFor(seconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
