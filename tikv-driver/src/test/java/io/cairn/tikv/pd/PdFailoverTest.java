package io.cairn.tikv.pd;

import static io.cairn.tikv.testing.Regions.key;
import static io.cairn.tikv.testing.Regions.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.Regions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PdFailoverTest {

  private final InProcess net = new InProcess();
  private final String suffix = "-" + System.nanoTime();
  private FakePd a;
  private FakePd b;
  private GrpcPdClient client;

  @BeforeEach
  void start() {
    a = new FakePd("http://pd-a" + suffix, 7);
    b = new FakePd("http://pd-b" + suffix, 7);
    List<String> members = List.of(a.url, b.url);
    for (FakePd pd : List.of(a, b)) {
      pd.members = members;
      pd.leader = a.url;
      pd.model.setRegions(List.of(region(1, "", "m", 1, 1, 1), region(2, "m", "", 1, 1, 1)));
      pd.model.putStore(Regions.store(1, "store-1", Map.of()));
      net.start(ChannelFactoryNames.name(pd.url), pd);
    }
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    net.close();
  }

  private GrpcPdClient connect(List<String> endpoints) {
    client = new GrpcPdClient(endpoints, InProcess.channels(), TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(30)), Thread::new);
    return client;
  }

  @Test
  void findsTheLeaderThroughAFollowerAndLearnsTheMembers() {
    connect(List.of(b.url));
    assertThat(client.leaderUrl()).isEqualTo(a.url);
    assertThat(client.knownMembers()).containsExactlyInAnyOrder(a.url, b.url);
    assertThat(client.getRegion(key("x")).orElseThrow().meta().getId()).isEqualTo(2);
    assertThat(a.headerClusterIds).isNotEmpty().allMatch(id -> id == 7);
  }

  @Test
  void failsOverToTheNewLeaderWhenTheOldOneDies() {
    connect(List.of(a.url));
    assertThat(client.getRegion(key("a")).orElseThrow().meta().getId()).isEqualTo(1);
    a.down = true;
    b.leader = b.url;
    assertThat(client.getRegionById(2).orElseThrow().meta().getId()).isEqualTo(2);
    assertThat(client.leaderUrl()).isEqualTo(b.url);
    assertThat(client.getTimestamp()).isPositive();
    assertThat(b.tsoCounts).isNotEmpty();
  }

  @Test
  void tsoMovesToTheNewLeaderAfterTheStreamBreaks() {
    connect(List.of(a.url, b.url));
    client.getTimestamp();
    a.down = true;
    b.leader = b.url;
    a.failNextTso.set(1);
    assertThatThrownBy(client::getTimestamp).isInstanceOf(PdException.class).matches(e -> ((PdException) e).retryable(), "retryable");
    assertThat(client.getTimestamp()).isPositive();
    assertThat(client.leaderUrl()).isEqualTo(b.url);
  }

  @Test
  void noLeaderAnywhereIsARetryableError() {
    a.leader = null;
    b.leader = null;
    assertThatThrownBy(() -> connect(List.of(a.url, b.url)))
        .isInstanceOf(PdException.class)
        .hasMessageContaining("no PD leader")
        .matches(e -> ((PdException) e).retryable(), "retryable");
  }

  @Test
  void storesAreCachedUntilInvalidated() {
    connect(List.of(a.url));
    assertThat(client.getStore(1).orElseThrow().getAddress()).isEqualTo("store-1");
    client.getStore(1);
    assertThat(a.getStoreCalls.get()).isEqualTo(1);
    client.invalidateStore(1);
    client.getStore(1);
    assertThat(a.getStoreCalls.get()).isEqualTo(2);
    assertThat(client.getStore(99)).isEmpty();
  }

  @Test
  void scanRegionsReturnsTheRegionsInRange() {
    connect(List.of(a.url));
    assertThat(client.scanRegions(key("a"), key("z"), 0)).extracting(r -> r.meta().getId()).containsExactly(1L, 2L);
    assertThat(client.scanRegions(key("n"), new byte[0], 0)).extracting(r -> r.meta().getId()).containsExactly(2L);
    assertThat(client.getRegionById(99)).isEmpty();
  }

  /** In-process servers are named by the address without scheme, as the channel factory dials. */
  static final class ChannelFactoryNames {
    static String name(String url) {
      return io.cairn.tikv.rpc.ChannelFactory.stripScheme(url);
    }
  }
}
