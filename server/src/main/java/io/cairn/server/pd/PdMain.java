package io.cairn.server.pd;

import io.cairn.pd.Durations;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.proto.tls.ClusterTls;
import io.cairn.server.Logs;
import io.cairn.server.security.TlsOptions;
import io.cairn.server.status.StatusServer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/cairn-pd}: runs a placement driver (TSO, region routing, scheduling) until stopped. */
@Command(
    name = "cairn-pd",
    mixinStandardHelpOptions = true,
    description = "Runs Cairn's placement driver: timestamps, region routing, store heartbeats, scheduling.")
public final class PdMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PdMain.class);

  @Option(names = "--data-dir", required = true, description = "Where PD keeps its metadata")
  Path dataDir;

  @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--client-port", description = "gRPC port for clients and nodes (default: ${DEFAULT-VALUE})")
  int clientPort = 2379;

  @Option(names = "--status-port", description = "HTTP port for /status and /metrics (default: none)")
  Integer statusPort;

  @Option(names = "--advertise-client-url", description = "The URL clients should use, e.g. http://pd1:2379")
  String advertiseClientUrl;

  @Option(names = "--max-replicas", description = "Replicas per region (default: ${DEFAULT-VALUE})")
  int maxReplicas = 3;

  @Option(names = "--max-store-down-time", description = "Silence after which a store is down"
      + " and PD replaces its replicas on other stores, e.g. 30m, 90s (default: ${DEFAULT-VALUE})")
  String maxStoreDownTime = "30m";

  @Option(names = "--log-file", description = "Log file (default: <data-dir>/cairn-pd.log)")
  Path logFile;

  @CommandLine.Mixin
  TlsOptions tls = new TlsOptions();

  /** The TLS settings the options give (plaintext without them). */
  public io.cairn.proto.tls.TlsSettings tlsSettings() {
    return tls.settings();
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dataDir);
    Logs.alsoTo(logFile != null ? logFile : dataDir.resolve("cairn-pd.log"));
    PdConfig config =
        PdConfig.defaults()
            .withDataDir(dataDir)
            .withListen(host, clientPort)
            .withMaxReplicas(maxReplicas)
            .withMaxStoreDownTime(Durations.parse(maxStoreDownTime));
    if (advertiseClientUrl != null) {
      config = config.withAdvertiseClientUrl(advertiseClientUrl);
    }
    ClusterTls clusterTls = tls.open();
    PdServer pd;
    try {
      pd = PdServer.start(config, PdClock.SYSTEM, clusterTls);
    } catch (RuntimeException e) {
      if (clusterTls != null) {
        clusterTls.close();
      }
      throw e;
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    GaugeWithCallback.builder()
        .name("cairn_pd_regions")
        .help("Regions PD knows")
        .callback(cb -> cb.call(pd.driver().cluster().regionCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("cairn_pd_stores")
        .help("Stores registered with PD (tombstones excluded)")
        .callback(cb -> cb.call(pd.driver().cluster().allStores(true).size()))
        .register(registry);
    StatusServer status =
        statusPort == null
            ? null
            : StatusServer.start(host, statusPort, registry, () -> statusJson(pd));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("cairn-pd: stopping");
                  if (status != null) {
                    status.close();
                  }
                  pd.close();
                  if (clusterTls != null) {
                    clusterTls.close();
                  }
                  stopped.countDown();
                },
                "cairn-pd-shutdown"));
    LOG.info(
        "cairn-pd: serving {} (cluster {}), data in {}{}",
        pd.clientUrl(),
        pd.driver().identity().clusterId(),
        dataDir.toAbsolutePath(),
        status == null ? "" : ", status on http://" + host + ":" + status.port() + "/status");
    stopped.await();
    return 0;
  }

  private static String statusJson(PdServer pd) {
    return String.format(
        Locale.ROOT,
        "{\"component\":\"pd\",\"client_url\":\"%s\",\"cluster_id\":%d,\"bootstrapped\":%b,"
            + "\"stores\":%d,\"regions\":%d}%n",
        pd.clientUrl(),
        pd.driver().identity().clusterId(),
        pd.driver().cluster().isBootstrapped(),
        pd.driver().cluster().allStores(true).size(),
        pd.driver().cluster().regionCount());
  }

  public static void main(String[] args) {
    int code = new CommandLine(new PdMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
