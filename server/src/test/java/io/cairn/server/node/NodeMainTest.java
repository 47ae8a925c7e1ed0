package io.cairn.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.Key;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.rpc.NettyChannelFactory;
import io.cairn.tikv.txn.TikvStorage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cairn-node} as its launcher starts it: a real PD and one node over loopback gRPC,
 * driven through the driver's {@link TikvStorage}.
 */
class NodeMainTest {

  @TempDir
  Path dir;

  private static NodeMain parse(String... args) {
    NodeMain main = new NodeMain();
    new CommandLine(main).parseArgs(args);
    return main;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void committedDataSurvivesANodeRestart() throws Exception {
    int nodePort;
    try (ServerSocket s = new ServerSocket(0)) {
      nodePort = s.getLocalPort();
    }
    String[] args = {"--pd", "127.0.0.1:0", "--data-dir", dir.resolve("node").toString(),
        "--addr", "127.0.0.1:" + nodePort, "--status-port", "0", "--labels", "zone=z1"};
    PdConfig pdConfig = PdConfig.defaults().withDataDir(dir.resolve("pd"))
        .withShutdownGrace(Duration.ofMillis(200));
    try (PdServer pd = PdServer.start(pdConfig, PdClock.SYSTEM)) {
      String pdAddr = "127.0.0.1:" + pd.port();
      args[1] = pdAddr;
      TikvClientConfig client = TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15));
      NodeMain.Running node = parse(args).start();
      try (Storage storage = TikvStorage.open("tikv://" + pdAddr, List.of(pdAddr), client,
          TxnConfig.defaults(), new NettyChannelFactory(client))) {
        assertThat(pd.driver().cluster().storeMeta(node.node().storeId()).getAddress())
            .isEqualTo("127.0.0.1:" + nodePort);
        assertThat(pd.driver().cluster().storeMeta(node.node().storeId()).getStatusAddress())
            .isEqualTo("127.0.0.1:" + node.statusPort());
        assertThat(status(node.statusPort())).contains("\"store_id\":" + node.node().storeId());
        try (Transaction t = storage.begin()) {
          t.set(Key.utf8("k1"), utf8("v1"));
          t.set(Key.utf8("k2"), utf8("v2"));
          t.commit();
        }
        long storeId = node.node().storeId();
        node.close();
        node = parse(args).start();
        assertThat(node.node().storeId()).isEqualTo(storeId);
        assertThat(node.node().bootstrappedCluster()).isFalse();
        try (Transaction t = storage.begin()) {
          assertThat(t.get(Key.utf8("k1"))).isEqualTo(utf8("v1"));
          t.set(Key.utf8("k2"), utf8("v2b"));
          t.commit();
        }
      } finally {
        node.close();
      }
      try (NodeMain.Running again = parse(args).start(); Storage fresh = TikvStorage.open("tikv://" + pdAddr, List.of(pdAddr), client,
          TxnConfig.defaults(), new NettyChannelFactory(client))) {
        try (Transaction t = fresh.begin()) {
          assertThat(t.get(Key.utf8("k1"))).isEqualTo(utf8("v1"));
          assertThat(t.get(Key.utf8("k2"))).isEqualTo(utf8("v2b"));
        }
      }
    }
  }

  @Test
  void optionsBecomeTheNodeConfig() {
    var config = parse("--pd", "h1:1, h2:2", "--data-dir", dir.toString(), "--host", "0.0.0.0",
        "--port", "0", "--advertise-addr", "node1:20160", "--labels", "zone=z1,host=h1",
        "--engine", "memory").nodeConfig().build();
    assertThat(config.pdEndpoints()).containsExactly("h1:1", "h2:2");
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isZero();
    assertThat(config.advertiseAddress()).isEqualTo("node1:20160");
    assertThat(config.labels()).containsEntry("zone", "z1").containsEntry("host", "h1");
    assertThat(config.engine()).hasToString("MEMORY");
    var byAddr = parse("--pd", "h:1", "--data-dir", dir.toString(), "--addr", "10.0.0.1:20161")
        .nodeConfig().build();
    assertThat(byAddr.host()).isEqualTo("10.0.0.1");
    assertThat(byAddr.port()).isEqualTo(20161);
    assertThat(byAddr.engine()).hasToString("ROCKSDB");
    assertThat(byAddr.dataDir()).isEqualTo(dir);
    assertThat(config.raft()).as("the memory engine runs unreplicated").isNull();
  }

  @Test
  void splitThresholdsComeFromFlagsOrTheConfigFile() throws IOException {
    var byDefault = parse("--pd", "h:1", "--data-dir", dir.toString()).nodeConfig().build();
    assertThat(byDefault.splitCheck().regionSplitSize()).isEqualTo(96L << 20);
    assertThat(byDefault.splitCheck().regionSplitKeys()).isEqualTo(960_000);
    var byFlags = parse("--pd", "h:1", "--data-dir", dir.toString(), "--region-split-size",
        "8KiB", "--region-split-keys", "200", "--split-check-interval", "500ms").nodeConfig()
        .build();
    assertThat(byFlags.splitCheck().regionSplitSize()).isEqualTo(8192);
    assertThat(byFlags.splitCheck().interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(byDefault.splitCheck().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(byFlags.splitCheck().regionSplitKeys()).isEqualTo(200);

    Path file = dir.resolve("node.properties");
    java.nio.file.Files.writeString(file, "region-split-size=1MiB\nregion-split-keys=5000\n");
    String[] args = {"--config", file.toString(), "--pd", "h:1", "--data-dir", dir.toString(),
        "--region-split-keys", "300"};
    CommandLine cli = NodeMain.commandLine(args);
    cli.parseArgs(args);
    var fromFile = ((NodeMain) cli.getCommand()).nodeConfig().build();
    assertThat(fromFile.splitCheck().regionSplitSize()).isEqualTo(1L << 20);
    assertThat(fromFile.splitCheck().regionSplitKeys()).as("the command line wins").isEqualTo(300);

    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(),
        "--region-split-size", "lots").nodeConfig()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRaftAddressDefaultsToTheClientPortPlus1000() {
    var byDefault = parse("--pd", "h:1", "--data-dir", dir.toString(), "--addr", "10.0.0.1:20161")
        .nodeConfig().build();
    assertThat(byDefault.raft().address()).isEqualTo("10.0.0.1:21161");
    var advertised = parse("--pd", "h:1", "--data-dir", dir.toString(), "--host", "0.0.0.0",
        "--port", "20160", "--advertise-addr", "node1:20160").nodeConfig().build();
    assertThat(advertised.raft().host()).isEqualTo("0.0.0.0");
    assertThat(advertised.raft().address()).isEqualTo("node1:21160");
    var given = parse("--pd", "h:1", "--data-dir", dir.toString(), "--raft-addr", "10.0.0.2:5000",
        "--raft-advertise-addr", "r2:5000").nodeConfig().build();
    assertThat(given.raft().port()).isEqualTo(5000);
    assertThat(given.raft().address()).isEqualTo("r2:5000");
    assertThat(parse("--pd", "h:1", "--data-dir", dir.toString(), "--raft-addr", "none")
        .nodeConfig().build().raft()).isNull();
    assertThat(parse("--pd", "h:1", "--data-dir", dir.toString(), "--port", "0")
        .nodeConfig().build().raft().port()).isPositive();
    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(), "--engine",
        "memory", "--raft-addr", "h:5000").nodeConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rocksdb");
    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(), "--raft-addr",
        "h:0").nodeConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixed port");
  }

  @Test
  void contradictoryOrMalformedOptionsAreRefused() {
    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(), "--addr",
        "a:1", "--port", "2").nodeConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--addr");
    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(), "--addr",
        "a:x").nodeConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad port");
    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(), "--labels",
        "zone").nodeConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> parse("--pd", "h:1", "--data-dir", dir.toString(), "--engine",
        "tmpfs").nodeConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tmpfs");
    assertThatThrownBy(() -> parse("--data-dir", dir.toString()))
        .isInstanceOf(CommandLine.MissingParameterException.class);
  }

  private static String status(int port) throws IOException, InterruptedException {
    return get(port, "/status");
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  /** The value of the sample line that starts with {@code series} (name and labels). */
  private static double sample(String exposition, String series) {
    return exposition.lines().filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst().orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + exposition));
  }

  @Test
  void theStatusPortExportsGrpcLatencyAndRaftMetrics() throws Exception {
    String[] args = {"--pd", "127.0.0.1:0", "--data-dir", dir.resolve("node").toString(),
        "--addr", "127.0.0.1:0", "--status-port", "0"};
    PdConfig pdConfig = PdConfig.defaults().withDataDir(dir.resolve("pd")).withShutdownGrace(Duration.ofMillis(200));
    try (PdServer pd = PdServer.start(pdConfig, PdClock.SYSTEM)) {
      String pdAddr = "127.0.0.1:" + pd.port();
      args[1] = pdAddr;
      TikvClientConfig client = TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15));
      try (NodeMain.Running node = parse(args).start();
          Storage storage = TikvStorage.open("tikv://" + pdAddr, List.of(pdAddr), client, TxnConfig.defaults(),
              new NettyChannelFactory(client))) {
        for (int i = 0; i < 3; i++) {
          try (Transaction t = storage.begin()) {
            t.set(Key.utf8("k" + i), utf8("v" + i));
            t.commit();
          }
        }
        String m = get(node.statusPort(), "/metrics");
        assertThat(m).contains("# TYPE cairn_node_grpc_duration_seconds histogram", "# TYPE cairn_raft_apply_duration_seconds histogram");
        assertThat(sample(m, "cairn_node_grpc_duration_seconds_count{code=\"OK\",method=\"KvPrewrite\"}")).isGreaterThanOrEqualTo(3);
        assertThat(sample(m, "cairn_node_grpc_duration_seconds_bucket{code=\"OK\",method=\"KvCommit\",le=\"+Inf\"}"))
            .isGreaterThanOrEqualTo(3);
        assertThat(sample(m, "cairn_raft_proposals_total{result=\"ok\"}")).as("a prewrite and a commit each").isGreaterThanOrEqualTo(6);
        assertThat(sample(m, "cairn_raft_apply_duration_seconds_count")).isGreaterThanOrEqualTo(6);
        assertThat(sample(m, "cairn_raft_leaders")).as("the one region, led here").isEqualTo(1);
        assertThat(sample(m, "cairn_raft_leader_changes_total")).isPositive();
        assertThat(sample(m, "cairn_raft_apply_lag_entries")).isGreaterThanOrEqualTo(0);
        assertThat(sample(m, "cairn_raft_snapshots_sent_total")).isZero();
        assertThat(sample(m, "cairn_node_regions")).isEqualTo(1);
      }
    }
  }
}
