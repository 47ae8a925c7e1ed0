package io.cairn.storage.engine.memory;

import io.cairn.storage.engine.AbstractKvEngineModelTest;
import io.cairn.storage.engine.KvEngine;
import java.nio.file.Path;

class MemoryEngineModelTest extends AbstractKvEngineModelTest {
  @Override
  protected KvEngine openEngine(Path dir) {
    return new MemoryEngine();
  }
}
