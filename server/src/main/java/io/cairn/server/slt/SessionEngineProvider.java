package io.cairn.server.slt;

import io.cairn.kv.DriverRegistry;
import io.cairn.kv.Storage;
import io.cairn.slt.Harness;
import io.cairn.slt.InProcessEngine;
import io.cairn.sql.engine.SqlEngine;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sqllogictest runner's in-process engine: the store opened by its URL, Cairn's SQL
 * engine over it, one session per harness. Listed in {@code META-INF/services}.
 */
public final class SessionEngineProvider implements InProcessEngine.Provider {

  @Override
  public InProcessEngine open(String storeUrl) {
    Storage storage = DriverRegistry.load(SessionEngineProvider.class.getClassLoader()).open(storeUrl);
    try {
      return new Engine(storage, SqlEngine.open(storage));
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  private static final class Engine implements InProcessEngine {
    private final Storage storage;
    private final SqlEngine sql;
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slt-statement-timeout");
      t.setDaemon(true);
      return t;
    });

    Engine(Storage storage, SqlEngine sql) {
      this.storage = storage;
      this.sql = sql;
    }

    @Override
    public Harness newHarness() {
      return new SessionHarness(sql.open(connectionIds.incrementAndGet(), "root", "localhost", null, Map.of()), timer);
    }

    @Override
    public void close() {
      timer.shutdownNow();
      sql.close();
      storage.close();
    }
  }
}
