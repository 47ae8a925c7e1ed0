package io.cairn.server.node;

import io.cairn.pd.Durations;
import io.cairn.proto.tls.ClusterTls;
import io.cairn.server.Logs;
import io.cairn.server.security.TlsOptions;
import io.cairn.server.status.StatusServer;
import io.cairn.storage.node.ByteSize;
import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.pd.StoreDescriptor;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/cairn-node}: runs a storage node (the {@code tikvpb.Tikv} service over its
 * regions, registered with PD) until stopped. With the rocksdb engine every region is a Raft
 * group of the node's Raft server ({@code --raft-addr}, by default the client port + 1000);
 * the memory engine, or {@code --raft-addr none}, runs without replication.
 *
 * <p>Every option can also come from {@code --config FILE}, a Java properties file whose keys
 * are the long option names without dashes ({@code region-split-size=8KiB},
 * {@code region-split-keys=2000}); the command line wins over the file. The TLS options
 * ({@link TlsOptions}) are the {@code security.*} keys there ({@code security.ca-path=...}).
 */
@Command(
    name = "cairn-node",
    mixinStandardHelpOptions = true,
    description = "Runs a Cairn storage node: transactional and raw KV, coprocessor, registered with PD.")
public final class NodeMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  @Option(names = "--pd", required = true, split = ",",
      description = "PD endpoints, host:port[,host:port...]")
  List<String> pd;

  @Option(names = "--data-dir", required = true,
      description = "Where the node keeps its data and log")
  Path dataDir;

  @Option(names = "--addr", description = "host:port to listen on (default: 127.0.0.1:20160)")
  String addr;

  @Option(names = "--host", description = "Address to listen on (alternative to --addr)")
  String host;

  @Option(names = "--port", description = "Port to listen on, 0 for a free one (alternative to --addr)")
  Integer port;

  @Option(names = "--advertise-addr", description = "host:port clients are told to use (default: the listen address)")
  String advertiseAddr;

  @Option(names = "--status-port", description = "HTTP port for /status and /metrics (default: none)")
  Integer statusPort;

  @Option(names = "--labels", description = "Store labels, e.g. zone=z1,host=h1")
  String labels = "";

  @Option(names = "--engine", description = "rocksdb or memory (default: ${DEFAULT-VALUE})")
  String engine = "rocksdb";

  @Option(names = "--raft-addr", description = "host:port of this store's Raft server, which"
      + " replicates every region (rocksdb engine only). Default: the listen host and the client"
      + " port + 1000 (20160 -> 21160); with --port 0 a free port, which changes across restarts"
      + " (tests only). 'none' runs without replication. Other stores record this address:"
      + " keep it fixed.")
  String raftAddr;

  @Option(names = "--raft-advertise-addr", description = "host:port other stores reach the Raft"
      + " server at (default: the host of --advertise-addr, else of the Raft listen address,"
      + " with the Raft port)")
  String raftAdvertiseAddr;

  @Option(names = "--region-split-size", description = "A region led here splits once it holds"
      + " more than this many bytes, e.g. 96MiB, 8KiB (default: ${DEFAULT-VALUE})")
  String regionSplitSize = "96MiB";

  @Option(names = "--region-split-keys", description = "A region led here splits once it holds"
      + " more than this many keys (default: ${DEFAULT-VALUE})")
  long regionSplitKeys = 960_000;

  @Option(names = "--split-check-interval", description = "How often the regions led here are"
      + " checked against the split thresholds, e.g. 10s, 500ms (default: ${DEFAULT-VALUE})")
  String splitCheckInterval = "10s";

  @Option(names = "--config", description = "Properties file with defaults for these options,"
      + " keyed by the long option names without dashes (region-split-size=8KiB)")
  Path config;

  @Option(names = "--log-file", description = "Log file (default: <data-dir>/cairn-node.log)")
  Path logFile;

  @CommandLine.Mixin
  TlsOptions tls = new TlsOptions();

  /** A started node with its status server and its TLS (null for plaintext); closing stops all. */
  public record Running(StorageNode node, StatusServer status, ClusterTls tls)
      implements AutoCloseable {
    /** The bound status port, or -1 without a status server. */
    public int statusPort() {
      return status == null ? -1 : status.port();
    }

    @Override
    public void close() {
      node.close();
      if (status != null) {
        status.close();
      }
      if (tls != null) {
        tls.close();
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dataDir);
    Logs.alsoTo(logFile != null ? logFile : dataDir.resolve("cairn-node.log"));
    Running running = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("cairn-node: stopping");
      running.close();
      stopped.countDown();
    }, "cairn-node-shutdown"));
    LOG.info("cairn-node: store {} serving {}, data in {}{}", running.node().storeId(),
        running.node().address(), dataDir.toAbsolutePath(),
        running.status() == null ? ""
            : ", status on http://" + listenHost() + ":" + running.statusPort() + "/status");
    stopped.await();
    return 0;
  }

  /**
   * Starts the status server (when asked for) and the node from the parsed options.
   *
   * @throws IllegalArgumentException on contradictory or malformed options
   */
  public Running start() throws IOException {
    NodeConfig.Builder config = nodeConfig();
    StatusServer status = null;
    AtomicReference<StorageNode> node = new AtomicReference<>();
    PrometheusRegistry registry = null;
    if (statusPort != null) {
      registry = new PrometheusRegistry();
      GaugeWithCallback.builder()
          .name("cairn_node_regions")
          .help("Regions this store holds")
          .callback(cb -> {
            StorageNode n = node.get();
            cb.call(n == null ? 0 : n.regions().regions().size());
          })
          .register(registry);
      status = StatusServer.start(listenHost(), statusPort, registry, () -> statusJson(node.get()));
      // PD hands the status address to others: the advertised host, not a wildcard listen one
      String statusHost = advertiseAddr != null && advertiseAddr.lastIndexOf(':') > 0
          ? advertiseAddr.substring(0, advertiseAddr.lastIndexOf(':')) : listenHost();
      config.statusAddress(statusHost + ":" + status.port());
    }
    ClusterTls clusterTls = null;
    try {
      clusterTls = tls.open();
      node.set(StorageNode.start(config.tls(clusterTls).build()));
    } catch (RuntimeException e) {
      if (status != null) {
        status.close();
      }
      if (clusterTls != null) {
        clusterTls.close();
      }
      throw e;
    }
    if (registry != null) {
      registerNodeMetrics(node.get(), registry);
    }
    return new Running(node.get(), status, clusterTls);
  }

  /**
   * The node's own instruments on the status port, next to {@code cairn_node_regions}: the gRPC
   * server's latency per method, and the Raft store's (when the node replicates).
   */
  private static void registerNodeMetrics(StorageNode node, PrometheusRegistry registry) {
    node.server().callObserver().register(registry);
    if (node.regionEngine() instanceof RaftRegionEngine raft) {
      raft.raftStore().metrics().register(registry);
    }
  }

  NodeConfig.Builder nodeConfig() {
    if (addr != null && (host != null || port != null)) {
      throw new IllegalArgumentException("give either --addr or --host/--port, not both");
    }
    String h = listenHost();
    int p = 20160;
    if (addr != null) {
      p = parsePort(addr.substring(addr.lastIndexOf(':') + 1), "--addr " + addr);
    } else if (port != null) {
      p = port;
    }
    EngineKind kind = EngineKind.parse(engine);
    return NodeConfig.builder()
        .pdEndpoints(pd.stream().map(String::trim).toList())
        .engine(kind)
        .dataDir(dataDir)
        .host(h)
        .port(p)
        .advertiseAddress(advertiseAddr)
        .labels(StoreDescriptor.parseLabels(labels))
        .regionSplitSize(ByteSize.parse(regionSplitSize))
        .regionSplitKeys(regionSplitKeys)
        .splitCheckInterval(Durations.parse(splitCheckInterval))
        .raft(raftConfig(kind, h, p));
  }

  /** The Raft section from the options: null without replication (memory engine, or 'none'). */
  private NodeConfig.Raft raftConfig(EngineKind kind, String listenHost, int clientPort) {
    if ("none".equals(raftAddr) || (kind == EngineKind.MEMORY && raftAddr == null)) {
      return null;
    }
    if (kind == EngineKind.MEMORY) {
      throw new IllegalArgumentException("--raft-addr needs the rocksdb engine: an in-memory"
          + " store cannot keep its Raft state across a restart");
    }
    String host = listenHost;
    int port;
    if (raftAddr != null) {
      int colon = raftAddr.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--raft-addr must be host:port: " + raftAddr);
      }
      host = raftAddr.substring(0, colon);
      port = parsePort(raftAddr.substring(colon + 1), "--raft-addr " + raftAddr);
      if (port == 0) {
        throw new IllegalArgumentException("--raft-addr needs a fixed port: other stores record it");
      }
    } else if (clientPort == 0) {
      port = freePort();
    } else {
      port = clientPort + 1000;
      if (port > 65535) {
        throw new IllegalArgumentException("the default Raft port " + port + " (client port + 1000)"
            + " is out of range; give --raft-addr");
      }
    }
    NodeConfig.Raft raft = NodeConfig.Raft.at(host, port);
    if (raftAdvertiseAddr != null) {
      return raft.withAdvertiseAddress(raftAdvertiseAddr);
    }
    if (advertiseAddr != null && advertiseAddr.lastIndexOf(':') > 0) {
      return raft.withAdvertiseAddress(
          advertiseAddr.substring(0, advertiseAddr.lastIndexOf(':')) + ":" + port);
    }
    return raft;
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("no free port for the Raft server", e);
    }
  }

  private String listenHost() {
    if (addr != null) {
      int colon = addr.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--addr must be host:port: " + addr);
      }
      return addr.substring(0, colon);
    }
    return host != null ? host : "127.0.0.1";
  }

  private static int parsePort(String s, String what) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port out of range in " + what);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in " + what, e);
    }
  }

  private static String statusJson(StorageNode node) {
    if (node == null) {
      return "{\"component\":\"node\",\"state\":\"starting\"}\n";
    }
    return String.format(Locale.ROOT,
        "{\"component\":\"node\",\"store_id\":%d,\"address\":\"%s\",\"regions\":%d,"
            + "\"store_heartbeats\":%d}%n",
        node.storeId(), node.address(), node.regions().regions().size(),
        node.heartbeatStats().storeHeartbeats());
  }

  /**
   * The command line for {@code args}: options not given fall back to the {@code --config}
   * file when there is one.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new NodeMain());
    Path file = configFile(args);
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(cli, "config file not found: " + file);
      }
      cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(file.toFile()));
    }
    return cli;
  }

  /** The file named by {@code --config}, looked for before the full parse. */
  static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  public static void main(String[] args) {
    CommandLine cli;
    try {
      cli = commandLine(args);
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int code = cli.execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
