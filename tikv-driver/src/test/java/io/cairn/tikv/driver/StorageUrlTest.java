package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageUrlTest {

  @Test
  void splitsSchemePathAndSortedOptions() {
    StorageUrl u = StorageUrl.parse("TiKV://h1:1,h2:2?b=2&a=x%20y", "tikv", Set.of("a", "b"));
    assertThat(u.scheme()).isEqualTo("tikv");
    assertThat(u.path()).isEqualTo("h1:1,h2:2");
    assertThat(u.options()).containsExactly(java.util.Map.entry("a", "x y"),
        java.util.Map.entry("b", "2"));
    assertThat(u.normalized()).isEqualTo("tikv://h1:1,h2:2?a=x y&b=2");
    assertThat(StorageUrl.parse("unistore://", "unistore", Set.of()).normalized())
        .isEqualTo("unistore://");
  }

  @Test
  void refusesMalformedAndUnknownOptions() {
    assertThatThrownBy(() -> StorageUrl.parse("unistore://?stores", "unistore", Set.of("stores")))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> StorageUrl.parse("unistore://?x=1", "unistore", Set.of("stores")))
        .hasMessageContaining("unknown option 'x'").hasMessageContaining("stores");
    assertThatThrownBy(() -> StorageUrl.parse("embedded://d?x=1", "embedded", Set.of()))
        .hasMessageContaining("takes none");
    assertThatThrownBy(() -> StorageUrl.parse("unistore://?stores=1&stores=2", "unistore",
        Set.of("stores"))).hasMessageContaining("twice");
    assertThatThrownBy(() -> StorageUrl.parse("tikv://h:1", "unistore", Set.of()))
        .hasMessageContaining("not a unistore");
    assertThatThrownBy(() -> StorageUrl.parse("h:1", "tikv", Set.of()))
        .hasMessageContaining("no scheme");
  }

  @Test
  void typedOptions() {
    StorageUrl u = StorageUrl.parse("tikv://h:1?n=3&t=500ms&m=2m", "tikv", Set.of("n", "t", "m"));
    assertThat(u.intOption("n", 1, 1, 4)).isEqualTo(3);
    assertThat(u.intOption("absent", 7, 1, 9)).isEqualTo(7);
    assertThat(u.durationOption("t")).isEqualTo(Duration.ofMillis(500));
    assertThat(u.durationOption("m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(u.durationOption("absent")).isNull();
    assertThatThrownBy(() -> u.intOption("n", 1, 1, 2)).hasMessageContaining("[1, 2]");
    assertThatThrownBy(() -> u.durationOption("n")).hasMessageContaining("duration");
  }

  @Test
  void tikvEndpointsAreCheckedHostAndPort() {
    assertThat(TikvDriver.endpoints(" h1:1 ,h2:2", "u")).containsExactly("h1:1", "h2:2");
    assertThatThrownBy(() -> TikvDriver.endpoints("", "u")).hasMessageContaining("needs PD");
    assertThatThrownBy(() -> TikvDriver.endpoints("h1", "u")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> TikvDriver.endpoints("h1:x", "u")).hasMessageContaining("bad PD port");
    assertThatThrownBy(() -> TikvDriver.endpoints("h1:0", "u")).hasMessageContaining("range");
  }
}
