package io.cairn.tikv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TikvClientConfigTest {

  @Test
  void defaultsAreTiDBs() {
    TikvClientConfig c = TikvClientConfig.defaults();
    assertThat(c.grpcConnectionCount()).isEqualTo(4);
    assertThat(c.grpcKeepAliveTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.grpcKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.regionCacheTtl()).isEqualTo(Duration.ofSeconds(600));
    assertThat(c.storeLimit()).isZero();
    assertThat(c.pdTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.replicaRead()).isEqualTo(ReplicaReadMode.LEADER);
    assertThat(c.security().enabled()).isFalse();
  }

  @Test
  void invalidValuesAreRefused() {
    TikvClientConfig c = TikvClientConfig.defaults();
    assertThatThrownBy(() -> c.withGrpcConnectionCount(0)).hasMessageContaining("grpc-connection-count");
    assertThatThrownBy(() -> c.withStoreLimit(-1)).hasMessageContaining("store-limit");
    assertThatThrownBy(() -> c.withKeepAlive(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("grpc-keepalive-time");
    assertThatThrownBy(() -> c.withRegionCacheTtl(Duration.ofSeconds(1), Duration.ofSeconds(-1))).hasMessageContaining("jitter");
    assertThatThrownBy(() -> c.withBreaker(0, Duration.ofSeconds(1))).hasMessageContaining("threshold");
  }

  @Test
  void labelsAreCopied() {
    Map<String, String> labels = new HashMap<>(Map.of("zone", "z1"));
    TikvClientConfig c = TikvClientConfig.defaults().withLocalLabels(labels);
    labels.put("zone", "z2");
    assertThat(c.localLabels()).containsEntry("zone", "z1");
    assertThat(c.withStoreLimit(8).localLabels()).containsEntry("zone", "z1");
  }
}
