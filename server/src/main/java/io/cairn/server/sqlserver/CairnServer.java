package io.cairn.server.sqlserver;

import io.cairn.kv.DriverRegistry;
import io.cairn.kv.Storage;
import io.cairn.mysql.MySqlServer;
import io.cairn.mysql.MySqlServerConfig;
import io.cairn.server.status.StatusServer;
import io.cairn.sql.engine.SqlEngine;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Cairn SQL server: the storage opened from its URL, the SQL engine over it, the
 * MySQL protocol port and the status port. {@link #start} builds them bottom-up and, if any
 * step fails, closes what it had built; {@link #close} stops them top-down: no new
 * connections, running statements get the grace period, then the engine and the storage
 * close, so everything a client saw acknowledged is in the store. Thread-safe; close is
 * idempotent.
 */
public final class CairnServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

  private final ServerConfig config;
  private final Storage storage;
  private final SqlEngine engine;
  private final MySqlServer mysql;
  private final StatusServer status;
  private boolean closed;

  private CairnServer(ServerConfig config, Storage storage, SqlEngine engine, MySqlServer mysql, StatusServer status) {
    this.config = config;
    this.storage = storage;
    this.engine = engine;
    this.mysql = mysql;
    this.status = status;
  }

  /**
   * Opens the storage, the SQL engine and both ports.
   *
   * @throws IllegalArgumentException for a storage URL no driver serves
   * @throws IOException if a port cannot be bound or the TLS material cannot be read
   */
  public static CairnServer start(ServerConfig config, DriverRegistry drivers) throws IOException {
    Deque<AutoCloseable> built = new ArrayDeque<>();
    try {
      Storage storage = drivers.open(config.storeUrl());
      built.push(storage);
      SqlEngine engine = SqlEngine.open(storage);
      built.push(engine);
      PrometheusRegistry registry = new PrometheusRegistry();
      ServerMetrics metrics = new ServerMetrics(registry);
      SslContext tls = config.tls() == null ? null : ServerTls.context(config.tls());
      MySqlServerConfig mysqlConfig = MySqlServerConfig.defaults(config.host(), config.port())
          .withMaxConnections(config.maxConnections())
          .withShutdownGrace(config.shutdownGrace())
          .withSslContext(tls);
      MySqlServer mysql = new MySqlServer(mysqlConfig, new MeteredSessionFactory(engine, metrics));
      mysql.start();
      built.push(mysql);
      registry.register(new StorageMetricsCollector(storage));
      GaugeWithCallback.builder()
          .name("cairn_server_connections")
          .help("Open MySQL protocol connections")
          .callback(cb -> cb.call(mysql.connectionCount()))
          .register(registry);
      StatusServer status = null;
      if (config.statusPort() >= 0) {
        status = StatusServer.start(config.host(), config.statusPort(), registry,
            () -> statusJson(config, mysql, storage));
        built.push(status);
      }
      CairnServer server = new CairnServer(config, storage, engine, mysql, status);
      LOG.info("cairn-server: MySQL protocol on {}:{}, store {}{}", config.host(), mysql.port(), storage.describe(),
          status == null ? "" : ", status on http://" + config.host() + ":" + status.port() + "/status");
      return server;
    } catch (IOException | RuntimeException | Error e) {
      closeAll(built, e);
      throw e;
    }
  }

  private static void closeAll(Deque<AutoCloseable> built, Throwable cause) {
    while (!built.isEmpty()) {
      try {
        built.pop().close();
      } catch (Exception suppressed) {
        cause.addSuppressed(suppressed);
      }
    }
  }

  /** The bound MySQL protocol port. */
  public int port() {
    return mysql.port();
  }

  /** The bound status port, or -1 when none is served. */
  public int statusPort() {
    return status == null ? -1 : status.port();
  }

  /** Open MySQL protocol connections. */
  public int connectionCount() {
    return mysql.connectionCount();
  }

  public Storage storage() {
    return storage;
  }

  static String statusJson(ServerConfig config, MySqlServer mysql, Storage storage) {
    String health;
    long tsoMicros = -1;
    long begin = System.nanoTime();
    try {
      CompletableFuture.supplyAsync(storage::currentTimestamp).get(2, TimeUnit.SECONDS);
      tsoMicros = (System.nanoTime() - begin) / 1000;
      health = "up";
    } catch (TimeoutException e) {
      health = "timeout";
    } catch (ExecutionException e) {
      health = "down";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      health = "unknown";
    }
    return String.format(Locale.ROOT,
        "{\"component\":\"server\",\"version\":\"%s\",\"connections\":%d,"
            + "\"store\":{\"url\":\"%s\",\"health\":\"%s\",\"tso_micros\":%d}}%n",
        json(MySqlServerConfig.DEFAULT_VERSION), mysql.connectionCount(), json(config.storeUrl()), health, tsoMicros);
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * Stops accepting connections, lets running statements finish within the grace period, then
   * closes the SQL engine and the storage. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("cairn-server: stopping (grace {})", config.shutdownGrace());
    if (status != null) {
      status.close();
    }
    mysql.stop(config.shutdownGrace());
    engine.close();
    storage.close();
    LOG.info("cairn-server: stopped");
  }
}
