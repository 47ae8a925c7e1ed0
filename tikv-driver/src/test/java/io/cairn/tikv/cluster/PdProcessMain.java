package io.cairn.tikv.cluster;

import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A placement driver as its own JVM, for {@link ProcessCluster}. It wires {@link PdServer} the
 * way {@code bin/cairn-pd} ({@code io.cairn.server.pd.PdMain}) does, with the same flag names
 * ({@code --data-dir --host --client-port [--max-replicas]}); it lives here because the
 * launchers' module depends on this one, so their classes are not on this module's class path.
 * SIGTERM closes PD gracefully; "ready" on stdout tells the parent it serves.
 */
public final class PdProcessMain {

  static final String READY = "cairn-pd ready";

  private PdProcessMain() {}

  public static void main(String[] args) throws Exception {
    ProcessFlags flags = new ProcessFlags(args,
        Set.of("--data-dir", "--host", "--client-port", "--max-replicas"));
    Path dataDir = Path.of(flags.required("--data-dir"));
    Files.createDirectories(dataDir);
    PdConfig config = PdConfig.defaults()
        .withDataDir(dataDir)
        .withListen(flags.optional("--host", "127.0.0.1"), flags.port("--client-port", 2379))
        .withMaxReplicas(Integer.parseInt(flags.optional("--max-replicas", "3")));
    PdServer pd = PdServer.start(config, PdClock.SYSTEM);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      pd.close();
      stopped.countDown();
    }, "pd-process-shutdown"));
    System.out.println(READY + " " + pd.clientUrl());
    System.out.flush();
    stopped.await();
  }
}
