package io.cairn.storage.region;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.memory.MemoryEngine;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRegionEngineTest extends RegionEngineContractTest {

  @Override
  protected Fixture open() {
    MemoryEngine kv = new MemoryEngine();
    AtomicLong ids = new AtomicLong(100);
    RegionRegistry registry = new RegionRegistry(1, ids::incrementAndGet);
    registry.add(new RegionMeta(1, null, null, new RegionEpoch(1, 1), List.of(new PeerMeta(2, 1))));
    LocalRegionEngine engine = new LocalRegionEngine(kv, registry);
    return new Fixture() {
      @Override
      public RegionEngine engine() {
        return engine;
      }

      @Override
      public RegionRegistry registry() {
        return registry;
      }

      @Override
      public KvEngine kv() {
        return kv;
      }

      @Override
      public void close() {
        kv.close();
      }
    };
  }

  @Test
  void overlappingRegionsAndForeignRegionsAreRefused() {
    RegionRegistry registry = new RegionRegistry(1, () -> 7);
    registry.add(new RegionMeta(1, null, null, new RegionEpoch(1, 1), List.of(new PeerMeta(2, 1))));
    assertThatThrownBy(() -> registry.add(new RegionMeta(5, b("a"), b("b"), new RegionEpoch(1, 1),
        List.of(new PeerMeta(6, 1))))).hasMessageContaining("overlaps");
    assertThatThrownBy(() -> registry.add(new RegionMeta(5, b("a"), b("b"), new RegionEpoch(1, 1),
        List.of(new PeerMeta(6, 2))))).hasMessageContaining("no peer");
  }
}
