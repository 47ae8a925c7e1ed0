package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.copr.CopConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TiDB configuration keys a {@code tikv://} URL carries. */
class TikvDriverOptionsTest {

  private static StorageUrl url(String options) {
    return StorageUrl.parse("tikv://pd:2379?" + options, "tikv", TikvDriver.OPTIONS);
  }

  @Test
  void everyKeyReachesTheConfiguration() {
    StorageUrl u = url("grpc-connection-count=8&grpc-keepalive-time=20s&grpc-keepalive-timeout=500ms"
        + "&region-cache-ttl=5m&store-limit=64&pd-timeout=2s&copr-cache.capacity-mb=128");
    TikvClientConfig c = TikvDriver.clientConfig(u);
    assertThat(c.grpcConnectionCount()).isEqualTo(8);
    assertThat(c.grpcKeepAliveTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.grpcKeepAliveTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.regionCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.storeLimit()).isEqualTo(64);
    assertThat(c.pdTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(TikvDriver.copConfig(u).cacheCapacityBytes()).isEqualTo(128L << 20);
  }

  @Test
  void clusterSslKeysConfigureTls() {
    TikvClientConfig c = TikvDriver.clientConfig(url(
        "cluster-ssl-ca=%2Fetc%2Fca.pem&cluster-ssl-cert=/etc/c.pem&cluster-ssl-key=/etc/c.key"));
    assertThat(c.security()).isEqualTo(new TikvClientConfig.Security(
        java.nio.file.Path.of("/etc/ca.pem"), java.nio.file.Path.of("/etc/c.pem"),
        java.nio.file.Path.of("/etc/c.key")));
    assertThat(c.security().mutual()).isTrue();
    assertThatThrownBy(() -> TikvDriver.clientConfig(url("cluster-ssl-cert=/etc/c.pem")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absentKeysKeepTidbDefaults() {
    StorageUrl u = StorageUrl.parse("tikv://pd:2379", "tikv", TikvDriver.OPTIONS);
    assertThat(TikvDriver.clientConfig(u)).isEqualTo(TikvClientConfig.defaults());
    assertThat(TikvDriver.copConfig(u)).isEqualTo(CopConfig.defaults());
    TikvClientConfig onlyTimeout = TikvDriver.clientConfig(url("grpc-keepalive-timeout=1s"));
    assertThat(onlyTimeout.grpcKeepAliveTime()).isEqualTo(TikvClientConfig.defaults().grpcKeepAliveTime());
    assertThat(onlyTimeout.grpcKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badValuesAndUnknownKeysAreRefused() {
    assertThatThrownBy(() -> TikvDriver.clientConfig(url("store-limit=-1"))).hasMessageContaining("store-limit");
    assertThatThrownBy(() -> TikvDriver.clientConfig(url("grpc-keepalive-time=soon"))).hasMessageContaining("grpc-keepalive-time");
    assertThatThrownBy(() -> TikvDriver.copConfig(url("copr-cache.capacity-mb=big"))).hasMessageContaining("copr-cache.capacity-mb");
    assertThatThrownBy(() -> url("copr-cache.admission=1")).hasMessageContaining("unknown option");
    assertThat(TikvDriver.copConfig(url("copr-cache.capacity-mb=0")).cacheCapacityBytes()).isZero();
  }
}
