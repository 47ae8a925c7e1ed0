package io.cairn.pd.id;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.storage.CountingMetaStore;
import io.cairn.pd.storage.FileMetaStore;
import io.cairn.pd.storage.MemoryMetaStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdAllocatorTest {

  @TempDir Path dir;

  @Test
  void startsAtOneAndReservesInSteps() {
    CountingMetaStore store = new CountingMetaStore(new MemoryMetaStore());
    IdAllocator ids = new IdAllocator(store, 100);
    for (long want = 1; want <= 250; want++) {
      assertThat(ids.allocate()).isEqualTo(want);
    }
    assertThat(store.writes()).isEqualTo(3);
  }

  @Test
  void neverRepeatsAcrossRestarts() {
    Set<Long> seen = new HashSet<>();
    for (int run = 0; run < 5; run++) {
      try (FileMetaStore store = FileMetaStore.open(dir)) {
        IdAllocator ids = new IdAllocator(store, 7);
        for (int i = 0; i < 10 + run; i++) {
          assertThat(seen.add(ids.allocate())).as("run %d", run).isTrue();
        }
      }
    }
  }

  @Test
  void concurrentAllocationIsUnique() {
    IdAllocator ids = new IdAllocator(new MemoryMetaStore(), 10);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> assertThat(seen.add(ids.allocate()))
        .isTrue());
    assertThat(seen).hasSize(10_000);
  }
}
