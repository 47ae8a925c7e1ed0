package io.cairn.server.sqlserver;

import io.cairn.kv.DriverRegistry;
import io.cairn.server.Logs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * {@code bin/cairn-server}: the MySQL-compatible SQL server, until SIGTERM or SIGINT, on which
 * it stops gracefully (see {@link CairnServer#close}).
 *
 * <p>Every option can also come from {@code --config FILE}, a Java properties file whose keys
 * are the long option names without dashes ({@code store=embedded:///var/lib/cairn},
 * {@code port=4000}); the command line wins over the file.
 */
@Command(
    name = "cairn-server",
    mixinStandardHelpOptions = true,
    description = "Runs Cairn's MySQL-compatible SQL server.")
public final class ServerMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

  @Option(names = "--store", description = "Storage URL: embedded://PATH, unistore://[NAME] or tikv://PD[,PD...] "
      + "(default: ${DEFAULT-VALUE})")
  String store = "embedded://./data";

  @Option(names = "--host", description = "Address the MySQL and status ports bind (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "MySQL protocol port (default: ${DEFAULT-VALUE})")
  int port = 4000;

  @Option(names = "--status-port", description = "HTTP port of /status and /metrics; -1 for none (default: ${DEFAULT-VALUE})")
  int statusPort = 10080;

  @Option(names = "--max-connections", description = "Client connections allowed at once (default: ${DEFAULT-VALUE})")
  int maxConnections = 151;

  @Option(names = "--shutdown-grace", description = "How long a stop lets running statements finish (default: ${DEFAULT-VALUE})")
  Duration shutdownGrace = Duration.ofSeconds(30);

  @Option(names = "--ssl-cert", description = "PEM certificate chain for TLS (default: a self-signed one made on first start)")
  Path sslCert;

  @Option(names = "--ssl-key", description = "PEM (PKCS#8) private key of --ssl-cert")
  Path sslKey;

  @Option(names = "--no-ssl", description = "Offer no TLS")
  boolean noSsl;

  @Option(names = "--config", description = "Properties file with defaults for these options")
  Path config;

  @Option(names = "--log-file", description = "Also log to this file")
  Path logFile;

  @Override
  public Integer call() throws Exception {
    if (logFile != null) {
      Path parent = logFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Logs.alsoTo(logFile);
    }
    ServerConfig.Tls tls = noSsl ? null : new ServerConfig.Tls(sslCert, sslKey, generatedTlsDir(store, port));
    ServerConfig serverConfig = new ServerConfig(store, host, port, statusPort, maxConnections, shutdownGrace, tls);
    CairnServer server = CairnServer.start(serverConfig, DriverRegistry.load(ServerMain.class.getClassLoader()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "cairn-server-shutdown"));
    System.err.println("cairn-server: ready; connect with: mysql -h" + host + " -P" + server.port() + " -uroot");
    stopped.await();
    return 0;
  }

  /**
   * Where a self-signed certificate is kept: beside the data of an embedded store, else in a
   * per-port directory under the system's temporary directory.
   */
  static Path generatedTlsDir(String storeUrl, int port) {
    String prefix = "embedded://";
    if (storeUrl.startsWith(prefix)) {
      String path = storeUrl.substring(prefix.length());
      int query = path.indexOf('?');
      return Path.of(query < 0 ? path : path.substring(0, query)).resolve("tls");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "cairn-tls-" + port);
  }

  /** The file named by {@code --config}, looked for before the full parse. */
  static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new ServerMain());
    Path file = configFile(args);
    if (file != null) {
      File f = file.toFile();
      if (!f.isFile()) {
        throw new CommandLine.ParameterException(cli, "config file not found: " + file);
      }
      cli.setDefaultValueProvider(new PropertiesDefaultProvider(f));
    }
    return cli;
  }

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine(args).execute(args);
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      code = 2;
    }
    if (code != 0) {
      LOG.error("cairn-server: exiting with status {}", code);
      System.exit(code);
    }
  }
}
