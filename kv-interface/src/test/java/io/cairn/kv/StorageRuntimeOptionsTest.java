package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import org.junit.jupiter.api.Test;

/** A storage without runtime options refuses every name and lists none. */
class StorageRuntimeOptionsTest {

  @Test
  void theDefaultRefusesEveryOption() {
    try (Storage s = new MemoryStorage("plain")) {
      assertThat(s.options()).isEmpty();
      assertThatThrownBy(() -> s.setOption("tidb_replica_read", "follower"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no runtime option 'tidb_replica_read'")
          .hasMessageContaining(s.describe());
    }
  }
}
