package io.cairn.tikv.cluster;

import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import io.cairn.storage.pd.HeartbeatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A storage node on RocksDB, every region a Raft group, as its own JVM, for
 * {@link ProcessCluster}. It wires {@link StorageNode} the way {@code bin/cairn-node}
 * ({@code io.cairn.server.node.NodeMain}) does, with the same flag names
 * ({@code --pd H:P[,H:P] --data-dir --host --port --raft-addr H:P}); it lives here because the
 * launchers' module depends on this one. The Raft address is required: the other replicas
 * record it, so a restart must reuse it.
 *
 * <p>One flag is its own: {@code --heartbeat-interval MS} (store and region heartbeats, and the
 * cap of the PD reconnect backoff; default 10 s as in production), because PD schedules as
 * heartbeats arrive and tests cannot wait 10 s a step.
 *
 * <p>SIGTERM closes the node gracefully (draining calls in flight); "ready" on stdout tells
 * the parent it serves.
 */
public final class NodeProcessMain {

  static final String READY = "cairn-node ready";

  private NodeProcessMain() {}

  public static void main(String[] args) throws Exception {
    ProcessFlags flags = new ProcessFlags(args,
        Set.of("--pd", "--data-dir", "--host", "--port", "--raft-addr", "--heartbeat-interval"));
    Duration heartbeat = Duration.ofMillis(Long.parseLong(
        flags.optional("--heartbeat-interval", "10000")));
    Path dataDir = Path.of(flags.required("--data-dir"));
    Files.createDirectories(dataDir);
    String host = flags.optional("--host", "127.0.0.1");
    String[] raft = ProcessFlags.hostPort("--raft-addr", flags.required("--raft-addr"));
    NodeConfig config = NodeConfig.builder()
        .pdEndpoints(Arrays.stream(flags.required("--pd").split(",")).map(String::trim).toList())
        .engine(EngineKind.ROCKSDB)
        .dataDir(dataDir)
        .host(host)
        .port(flags.port("--port", 20160))
        .raft(NodeConfig.Raft.at(raft[0], Integer.parseInt(raft[1])))
        .heartbeat(new HeartbeatConfig(heartbeat, heartbeat, Duration.ofMillis(100), heartbeat))
        .build();
    StorageNode node = StorageNode.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "node-process-shutdown"));
    System.out.println(READY + " store " + node.storeId() + " at " + node.address());
    System.out.flush();
    stopped.await();
  }
}
