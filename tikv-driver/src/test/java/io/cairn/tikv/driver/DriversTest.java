package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.kv.DriverRegistry;
import io.cairn.kv.ErrorCode;
import io.cairn.kv.Key;
import io.cairn.kv.KvException;
import io.cairn.kv.Storage;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.Transaction;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import io.cairn.storage.region.KeyMode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three drivers through their URLs, the store cache behind them, and their failures. */
class DriversTest {

  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir
  Path dir;

  private final StoreCache cache = new StoreCache();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(Storage s, String key, String value) {
    try (Transaction t = s.begin()) {
      t.set(Key.utf8(key), utf8(value));
      t.commit();
    }
  }

  private static byte[] get(Storage s, String key) {
    try (Transaction t = s.begin()) {
      return t.get(Key.utf8(key));
    }
  }

  @Test
  void serviceLoaderFindsTheThreeSchemes() {
    DriverRegistry registry = DriverRegistry.load(DriversTest.class.getClassLoader());
    assertThat(registry.schemes()).contains("tikv", "unistore", "embedded");
    assertThat(registry.driverFor("unistore://")).isInstanceOf(UnistoreDriver.class);
    assertThat(registry.driverFor("embedded://./data")).isInstanceOf(EmbeddedDriver.class);
    assertThat(registry.driverFor("tikv://h:1")).isInstanceOf(TikvDriver.class);
  }

  @Test
  void registryOpensUnistoreThroughTheProcessCache() {
    DriverRegistry registry = DriverRegistry.load(DriversTest.class.getClassLoader());
    try (Storage s = registry.open("unistore://")) {
      put(s, "a", "1");
      assertThat(get(s, "a")).isEqualTo(utf8("1"));
    }
  }

  @Test
  void aNamedUnistoreIsSharedAnAnonymousOneIsNot() {
    UnistoreDriver driver = new UnistoreDriver(cache);
    String url = "unistore://shared-" + SEQ.incrementAndGet();
    Storage a = driver.open(url);
    Storage b = driver.open(url);
    assertThat(b).isSameAs(a);
    assertThat(cache.references(url)).isEqualTo(2);
    put(a, "k", "v");
    assertThat(get(b, "k")).isEqualTo(utf8("v"));
    try (Storage anon1 = driver.open("unistore://"); Storage anon2 = driver.open("unistore://")) {
      assertThat(anon1).isNotSameAs(anon2).isNotSameAs(a);
      assertThat(get(anon1, "k")).isNull();
      put(anon1, "k", "other");
      assertThat(get(anon2, "k")).isNull();
    }
    a.close();
    assertThat(get(b, "k")).isEqualTo(utf8("v"));
    b.close();
    assertThat(cache.references(url)).isZero();
    assertThatThrownBy(b::begin).isInstanceOf(StorageClosedException.class);
    b.close();
    try (Storage again = driver.open(url)) {
      assertThat(again).isNotSameAs(a);
      assertThat(get(again, "k")).isNull();
    }
  }

  @Test
  void unistoreStartsTheAskedNumberOfStores() {
    try (Storage s = new UnistoreDriver(cache).open("unistore://?stores=3")) {
      InProcessCluster cluster = (InProcessCluster) resources(s);
      assertThat(cluster.nodes()).hasSize(3);
      assertThat(cluster.pd().driver().cluster().allStores(true)).hasSize(3);
      assertThat(cluster.pd().driver().cluster().regionCount()).isEqualTo(1);
      put(s, "x", "y");
      assertThat(get(s, "x")).isEqualTo(utf8("y"));
    }
    assertThatThrownBy(() -> new UnistoreDriver(cache).open("unistore://?stores=0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UnistoreDriver(cache).open("unistore://bad/name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unistoreStartsPreSplitEvenlyAndAtTheGivenKeys() {
    try (Storage s = new UnistoreDriver(cache).open("unistore://?regions=4&split-keys=61,4000")) {
      InProcessCluster cluster = (InProcessCluster) resources(s);
      // regions=4 cuts at 40, 80, c0; PD holds the cuts memcomparable-encoded
      List<String> starts = cluster.pd().driver().cluster()
          .scanRegions(ByteString.EMPTY, ByteString.EMPTY, 100).stream()
          .map(r -> HexFormat.of().formatHex(r.meta().getStartKey().toByteArray())).toList();
      List<String> expected = new ArrayList<>(List.of(""));
      for (String cut : List.of("40", "4000", "61", "80", "c0")) {
        expected.add(HexFormat.of().formatHex(KeyMode.TXN.toRegionKey(HexFormat.of().parseHex(cut))));
      }
      assertThat(starts).containsExactlyElementsOf(expected);
      put(s, "a", "1");
      put(s, "z", "2");
      assertThat(get(s, "a")).isEqualTo(utf8("1"));
      assertThat(get(s, "z")).isEqualTo(utf8("2"));
    }
    try (Storage s = new UnistoreDriver(cache).open("unistore://?regions=256")) {
      assertThat(((InProcessCluster) resources(s)).pd().driver().cluster().regionCount())
          .isEqualTo(256);
    }
  }

  @Test
  void unistoreRefusesBadSplitOptions() {
    UnistoreDriver driver = new UnistoreDriver(cache);
    assertThatThrownBy(() -> driver.open("unistore://?regions=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regions");
    assertThatThrownBy(() -> driver.open("unistore://?regions=257"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 256]");
    assertThatThrownBy(() -> driver.open("unistore://?split-keys=61,zz"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zz'");
    assertThatThrownBy(() -> driver.open("unistore://?split-keys=616"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hexadecimal");
    assertThatThrownBy(() -> driver.open("unistore://?split-keys=61,,62"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty key");
  }

  @Test
  void embeddedKeepsCommittedDataAcrossARestartOfTheWholeThing() {
    Path path = dir.resolve("data");
    EmbeddedDriver driver = new EmbeddedDriver(cache);
    try (Storage s = driver.open("embedded://" + path)) {
      put(s, "k1", "v1");
      put(s, "k2", "v2");
    }
    assertThat(Files.isDirectory(path.resolve("pd"))).isTrue();
    assertThat(Files.isDirectory(path.resolve("node"))).isTrue();
    try (Storage s = driver.open("embedded://" + path)) {
      assertThat(get(s, "k1")).isEqualTo(utf8("v1"));
      assertThat(get(s, "k2")).isEqualTo(utf8("v2"));
      put(s, "k2", "v2b");
    }
    try (Storage s = driver.open("embedded://" + path)) {
      assertThat(get(s, "k2")).isEqualTo(utf8("v2b"));
    }
  }

  @Test
  void embeddedPathsAreNormalizedForTheCache() {
    Path path = dir.resolve("norm");
    EmbeddedDriver driver = new EmbeddedDriver(cache);
    try (Storage a = driver.open("embedded://" + path);
        Storage b = driver.open("embedded://" + path.resolve("x").resolve("..") + "/")) {
      assertThat(b).isSameAs(a);
      assertThat(cache.references("embedded://" + path.toAbsolutePath().normalize()))
          .isEqualTo(2);
    }
    assertThatThrownBy(() -> driver.open("embedded://"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a directory");
  }

  @Test
  void aFailedEmbeddedOpenClosesWhatItStartedAndCachesNothing() throws Exception {
    Path path = dir.resolve("broken");
    Files.createDirectories(path);
    Files.writeString(path.resolve("node"), "not a directory");
    EmbeddedDriver driver = new EmbeddedDriver(cache);
    String url = "embedded://" + path;
    assertThatThrownBy(() -> driver.open(url)).isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(cache.references(url)).isZero();
    String failedPd = "cairn-embedded-" + InProcessCluster.SEQ.get() + "-pd";
    assertThat(pdAnswers(failedPd)).as("PD of the failed open still serving").isFalse();
    Files.delete(path.resolve("node"));
    try (Storage s = driver.open(url)) {
      assertThat(pdAnswers("cairn-embedded-" + InProcessCluster.SEQ.get() + "-pd")).isTrue();
      put(s, "k", "v");
      assertThat(get(s, "k")).isEqualTo(utf8("v"));
    }
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> driver.open("embedded://" + file))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  /** Whether an in-process server of that name answers a health check. */
  private static boolean pdAnswers(String name) {
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    try {
      HealthGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
        throw e;
      }
      return false;
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void tikvReachesARealPdAndNodeOverTheNetwork() {
    PdConfig config = PdConfig.defaults().withShutdownGrace(Duration.ofMillis(200));
    try (PdServer pd = PdServer.start(config, PdClock.SYSTEM);
        StorageNode node = StorageNode.start(NodeConfig.builder()
            .pdEndpoints(List.of("127.0.0.1:" + pd.port())).engine(EngineKind.MEMORY)
            .port(0).drainTimeout(Duration.ofSeconds(2)).build())) {
      String url = "tikv://127.0.0.1:" + pd.port() + "?pd-timeout=15s";
      TikvDriver driver = new TikvDriver(cache);
      try (Storage a = driver.open(url); Storage b = driver.open(url)) {
        assertThat(b).isSameAs(a);
        put(a, "net", "ok");
        assertThat(get(b, "net")).isEqualTo(utf8("ok"));
        assertThat(node.storeId()).isPositive();
      }
    }
  }

  @Test
  void tikvWithoutAReachablePdFailsAsAKvError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tikv://127.0.0.1:" + port + "?pd-timeout=500ms";
    assertThatThrownBy(() -> new TikvDriver(cache).open(url))
        .isInstanceOfSatisfying(KvException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PD_SERVER_TIMEOUT));
    assertThat(cache.references(url)).isZero();
    assertThatThrownBy(() -> new TikvDriver(cache).open("tikv://127.0.0.1:1?nope=1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static AutoCloseable resources(Storage s) {
    return ((SharedStorage) s).resources();
  }
}
