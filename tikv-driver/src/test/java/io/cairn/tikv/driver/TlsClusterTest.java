package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.Key;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.proto.tls.ClusterTls;
import io.cairn.proto.tls.TestPki;
import io.cairn.proto.tls.TlsSettings;
import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.region.RegionRegistry;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster on loopback with mutual TLS on every connection: PD's and the nodes' gRPC servers,
 * Raft between the nodes, the nodes' PD clients and snapshot fetches, and the driver through
 * {@code tikv://...?cluster-ssl-ca=...}. Every member has its own certificate of one test CA;
 * certificates are re-read every 200 ms, so a rotation shows within a second.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TlsClusterTest {

  private static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(200),
      Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500));
  private static final Duration REFRESH = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private TestPki pki;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void issueCa() {
    pki = TestPki.create("cairn-cluster-ca");
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (RuntimeException e) {
        // keep closing the rest
      }
    }
  }

  private TestPki.MemberFiles member(String name) {
    try {
      return pki.writeMember(Files.createDirectories(dir.resolve("certs").resolve(name)), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ClusterTls tls(TestPki.MemberFiles f) {
    ClusterTls t = ClusterTls.open(TlsSettings.of(f.ca(), f.cert(), f.key()).withRefreshPeriod(REFRESH));
    closers.add(t);
    return t;
  }

  private PdServer startPd(int maxReplicas) {
    PdServer pd = PdServer.start(PdConfig.defaults().withMaxReplicas(maxReplicas)
        .withShutdownGrace(Duration.ofMillis(200)), PdClock.SYSTEM, tls(member("pd")));
    closers.add(pd);
    return pd;
  }

  private StorageNode startNode(NodeConfig config) {
    StorageNode n = StorageNode.start(config);
    closers.add(n);
    return n;
  }

  private Storage driver(PdServer pd) {
    TestPki.MemberFiles f = member("driver");
    Storage s = new TikvDriver(new StoreCache()).open("tikv://127.0.0.1:" + pd.port()
        + "?pd-timeout=20s&cluster-ssl-ca=" + f.ca() + "&cluster-ssl-cert=" + f.cert()
        + "&cluster-ssl-key=" + f.key());
    closers.add(s::close);
    return s;
  }

  @Test
  void everyEndpointSpeaksMutualTlsAndServesNewCertificatesWithoutRestart() {
    PdServer pd = startPd(1);
    assertThat(pd.clientUrl()).startsWith("https://");
    ClusterTls nodeTls = tls(member("node"));
    StorageNode node = startNode(NodeConfig.builder().pdEndpoints(List.of(pd.clientUrl()))
        .engine(EngineKind.MEMORY).port(0).heartbeat(FAST).drainTimeout(Duration.ofSeconds(2))
        .tls(nodeTls).build());
    int nodePort = node.server().port();
    Storage storage = driver(pd);
    writeKeys(storage, "before", 20);
    assertKeys(storage, "before", 20);

    // refused: plaintext, a client without a certificate, a client of another CA
    for (int port : new int[] {pd.port(), nodePort}) {
      assertRefused(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext());
      TestPki.MemberFiles mine = member("no-cert-" + port);
      ClusterTls caOnly = ClusterTls.open(TlsSettings.of(mine.ca(), null, null));
      closers.add(caOnly);
      assertRefused(client(port, caOnly));
      assertRefused(client(port, strangerTls(mine.ca(), "stranger-" + port)));
      assertThat(health(client(port, tls(member("member-" + port))))).isTrue();
    }

    // rotation: new certificates for the node and PD, seen by new connections
    TestPki.Issued probe = pki.issue("probe");
    BigInteger nodeSerial = pki.peerCertificate(nodePort, probe).getSerialNumber();
    BigInteger pdSerial = pki.peerCertificate(pd.port(), probe).getSerialNumber();
    TestPki.Issued newNodeCert = pki.issue("node");
    newNodeCert.write(dir.resolve("certs/node/node.pem"), dir.resolve("certs/node/node.key"));
    TestPki.Issued newPdCert = pki.issue("pd");
    newPdCert.write(dir.resolve("certs/pd/pd.pem"), dir.resolve("certs/pd/pd.key"));
    await("the node takes its new certificate", () -> nodeTls.reloads() > 0);
    await("PD presents its new certificate",
        () -> pki.peerCertificate(pd.port(), probe).getSerialNumber().equals(newPdCert.serial()));
    assertThat(pki.peerCertificate(nodePort, probe).getSerialNumber())
        .isEqualTo(newNodeCert.serial()).isNotEqualTo(nodeSerial);
    assertThat(newPdCert.serial()).isNotEqualTo(pdSerial);
    // the driver's open connections keep going, and new work after the rotation succeeds
    writeKeys(storage, "after", 20);
    assertKeys(storage, "before", 20);
    assertKeys(storage, "after", 20);
    assertThat(health(client(nodePort, tls(member("late-client"))))).isTrue();
  }

  @Test
  @Tag("slow")
  void newReplicasCatchUpBySnapshotOverTlsAfterTheLeadersCertificateRotated() {
    PdServer pd = startPd(3);
    List<StorageNode> nodes = new ArrayList<>();
    ClusterTls firstTls = tls(member("n1"));
    int firstRaftPort = freePort();
    StorageNode first = startNode(nodeConfig(pd, "n1", firstTls, firstRaftPort));
    nodes.add(first);
    long regionId = first.regions().regions().get(0).id();
    await("the first node leads", () -> leads(first, regionId));
    Storage storage = driver(pd);
    writeKeys(storage, "early", 50);

    // the Raft port speaks TLS with the node's certificate, and rotates like the others
    TestPki.Issued probe = pki.issue("probe");
    BigInteger oldRaftSerial = pki.peerCertificate(firstRaftPort, probe).getSerialNumber();
    assertThat(oldRaftSerial).isEqualTo(firstTls.certificate().getSerialNumber());
    TestPki.Issued renewed = pki.issue("n1");
    renewed.write(dir.resolve("certs/n1/n1.pem"), dir.resolve("certs/n1/n1.key"));
    await("the Raft port presents the new certificate", () ->
        pki.peerCertificate(firstRaftPort, probe).getSerialNumber().equals(renewed.serial()));

    // two more stores: PD adds replicas on them; each new replica fetches the region from
    // the leader's node (the snapshot stream) over TLS before it applies anything
    nodes.add(startNode(nodeConfig(pd, "n2", tls(member("n2")), freePort())));
    nodes.add(startNode(nodeConfig(pd, "n3", tls(member("n3")), freePort())));
    await("three replicas of the region on every node", () -> nodes.stream()
        .allMatch(n -> n.regions().get(regionId) != null
            && n.regions().get(regionId).peers().size() == 3));

    writeKeys(storage, "mid", 10);
    // a joiner first follows as a non-voting listener; once promoted it can take the lead. The
    // last joiner leading means it holds the region (by snapshot) and votes, so the group
    // keeps a majority without the first node.
    StorageNode last = nodes.get(2);
    await("the last joiner takes the lead", () -> {
      StorageNode leader = nodes.stream().filter(n -> leads(n, regionId)).findFirst().orElse(null);
      if (leader != null && leader != last) {
        try {
          ((RaftRegionEngine) leader.regionEngine()).raftStore().region(regionId)
              .transferLeadership(last.storeId()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          // not a voter yet, or the transfer timed out: ask again
        }
      }
      return leads(last, regionId);
    });

    // the first node goes away: the early keys are served by replicas that only got them by
    // snapshot (they joined after the writes)
    first.close();
    nodes.remove(first);
    await("a new leader", () -> nodes.stream().anyMatch(n -> leads(n, regionId)));
    assertKeys(storage, "early", 50);
    assertKeys(storage, "mid", 10);
    writeKeys(storage, "late", 10);
    assertKeys(storage, "late", 10);
  }

  private NodeConfig nodeConfig(PdServer pd, String name, ClusterTls tls, int raftPort) {
    return NodeConfig.builder().pdEndpoints(List.of(pd.clientUrl()))
        .engine(EngineKind.ROCKSDB).dataDir(dir.resolve(name)).host("127.0.0.1").port(0)
        .heartbeat(FAST).pdRequestTimeout(Duration.ofSeconds(20))
        .drainTimeout(Duration.ofSeconds(2))
        .raft(NodeConfig.Raft.at("127.0.0.1", raftPort))
        .tls(tls)
        .build();
  }

  /** Trusts {@code ca} (ours) but presents a certificate of another CA. */
  private ClusterTls strangerTls(Path ca, String name) {
    try {
      Path d = Files.createDirectories(dir.resolve("stranger").resolve(name));
      TestPki.MemberFiles other = TestPki.create("other-ca").writeMember(d, name);
      ClusterTls t = ClusterTls.open(TlsSettings.of(ca, other.cert(), other.key()));
      closers.add(t);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static NettyChannelBuilder client(int port, ClusterTls tls) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.clientContext())
        .useTransportSecurity();
  }

  private static boolean health(NettyChannelBuilder builder) {
    ManagedChannel ch = builder.build();
    try {
      HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return true;
    } finally {
      ch.shutdownNow();
    }
  }

  private static void assertRefused(NettyChannelBuilder builder) {
    assertThatThrownBy(() -> health(builder)).isInstanceOf(StatusRuntimeException.class);
  }

  private static void writeKeys(Storage storage, String prefix, int n) {
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < n; i++) {
        t.set(Key.utf8(prefix + i), (prefix + "-value-" + i).getBytes(StandardCharsets.UTF_8));
      }
      t.commit();
    }
  }

  private static void assertKeys(Storage storage, String prefix, int n) {
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < n; i++) {
        byte[] v = t.get(Key.utf8(prefix + i));
        assertThat(v == null ? null : new String(v, StandardCharsets.UTF_8)).as(prefix + i)
            .isEqualTo(prefix + "-value-" + i);
      }
    }
  }

  private static boolean leads(StorageNode n, long regionId) {
    RegionRegistry.RegionState s = n.regions().state(regionId);
    return s != null && s.leader() != null && s.leader().storeId() == n.storeId();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
