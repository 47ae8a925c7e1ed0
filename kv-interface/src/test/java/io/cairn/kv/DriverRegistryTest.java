package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorageDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverRegistryTest {

  @Test
  void serviceLoaderFindsTheMemtestDriver() {
    DriverRegistry registry = DriverRegistry.load(getClass().getClassLoader());
    assertThat(registry.schemes()).contains("memtest");
    assertThat(registry.driver("MEMTEST")).get().isInstanceOf(MemoryStorageDriver.class);
    try (Storage s = registry.open("memtest://registry")) {
      assertThat(s.describe()).isEqualTo("memtest://registry");
      try (Transaction t = s.begin()) {
        t.set(Key.utf8("a"), new byte[] {1});
        t.commit();
      }
      assertThat(s.snapshot(s.currentTimestamp()).get(Key.utf8("a"))).containsExactly(1);
    }
  }

  @Test
  void eachOpenIsANewStorage() {
    DriverRegistry registry = new DriverRegistry(List.of(new MemoryStorageDriver()));
    try (Storage a = registry.open("memtest://x"); Storage b = registry.open("memtest://x")) {
      try (Transaction t = a.begin()) {
        t.set(Key.utf8("k"), new byte[] {1});
        t.commit();
      }
      assertThat(b.snapshot(b.currentTimestamp()).get(Key.utf8("k"))).isNull();
    }
  }

  @Test
  void unknownOrMissingSchemeFails() {
    DriverRegistry registry = new DriverRegistry(List.of(new MemoryStorageDriver()));
    assertThatThrownBy(() -> registry.open("tikv://pd:2379"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tikv").hasMessageContaining("memtest");
    assertThatThrownBy(() -> registry.open("/var/data")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.open("://x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.driver("unistore")).isEmpty();
  }

  @Test
  void duplicateSchemesAreRejected() {
    assertThatThrownBy(() -> new DriverRegistry(List.of(new MemoryStorageDriver(), new MemoryStorageDriver())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("memtest");
  }

  @Test
  void driverRejectsForeignUrls() {
    assertThatThrownBy(() -> new MemoryStorageDriver().open("tikv://x")).isInstanceOf(IllegalArgumentException.class);
  }
}
