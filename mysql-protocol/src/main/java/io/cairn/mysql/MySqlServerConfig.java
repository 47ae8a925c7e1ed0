package io.cairn.mysql;

import io.cairn.mysql.auth.Authenticator;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link MySqlServer}.
 *
 * @param host the address to bind, e.g. "0.0.0.0" or "127.0.0.1"
 * @param port the TCP port; 0 picks a free one ({@link MySqlServer#port()} tells which)
 * @param maxConnections open client connections allowed at once (more get error 1040)
 * @param waitTimeout how long a connection may sit idle between commands before it is closed
 * @param connectTimeout how long the handshake and authentication may take
 * @param maxAllowedPacket the largest client packet, in bytes (larger ones get error 1153)
 * @param serverVersion the version string of the greeting; clients parse its leading
 *     "major.minor.patch", so it must start like a MySQL 8 version
 * @param greetingAuthPlugin the plugin named in the greeting: mysql_native_password (what
 *     sysbench and TiDB use) or caching_sha2_password; accounts of the other plugin get an
 *     auth switch
 * @param sslContext the server's TLS context, or null to offer no TLS
 * @param shutdownGrace how long {@link MySqlServer#close()} lets running statements finish
 */
public record MySqlServerConfig(
    String host,
    int port,
    int maxConnections,
    Duration waitTimeout,
    Duration connectTimeout,
    int maxAllowedPacket,
    String serverVersion,
    String greetingAuthPlugin,
    SslContext sslContext,
    Duration shutdownGrace) {

  public static final String DEFAULT_VERSION = "8.0.11-Cairn-0.1.0";

  public MySqlServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    if (maxAllowedPacket < 1024 || maxAllowedPacket > 1 << 30) {
      throw new IllegalArgumentException("maxAllowedPacket must be in [1 KiB, 1 GiB]");
    }
    if (!Authenticator.NATIVE.equals(greetingAuthPlugin)
        && !Authenticator.CACHING_SHA2.equals(greetingAuthPlugin)) {
      throw new IllegalArgumentException("unsupported greeting auth plugin " + greetingAuthPlugin);
    }
  }

  /**
   * MySQL's defaults: 151 connections, wait_timeout 8 hours, connect_timeout 10 s,
   * max_allowed_packet 64 MiB, mysql_native_password in the greeting, no TLS, 30 s grace.
   */
  public static MySqlServerConfig defaults(String host, int port) {
    return new MySqlServerConfig(
        host, port, 151, Duration.ofHours(8), Duration.ofSeconds(10), 64 << 20,
        DEFAULT_VERSION, Authenticator.NATIVE, null, Duration.ofSeconds(30));
  }

  public MySqlServerConfig withMaxConnections(int n) {
    return new MySqlServerConfig(host, port, n, waitTimeout, connectTimeout, maxAllowedPacket,
        serverVersion, greetingAuthPlugin, sslContext, shutdownGrace);
  }

  public MySqlServerConfig withWaitTimeout(Duration d) {
    return new MySqlServerConfig(host, port, maxConnections, d, connectTimeout, maxAllowedPacket,
        serverVersion, greetingAuthPlugin, sslContext, shutdownGrace);
  }

  public MySqlServerConfig withConnectTimeout(Duration d) {
    return new MySqlServerConfig(host, port, maxConnections, waitTimeout, d, maxAllowedPacket,
        serverVersion, greetingAuthPlugin, sslContext, shutdownGrace);
  }

  public MySqlServerConfig withMaxAllowedPacket(int bytes) {
    return new MySqlServerConfig(host, port, maxConnections, waitTimeout, connectTimeout, bytes,
        serverVersion, greetingAuthPlugin, sslContext, shutdownGrace);
  }

  public MySqlServerConfig withSslContext(SslContext ctx) {
    return new MySqlServerConfig(host, port, maxConnections, waitTimeout, connectTimeout,
        maxAllowedPacket, serverVersion, greetingAuthPlugin, ctx, shutdownGrace);
  }

  public MySqlServerConfig withGreetingAuthPlugin(String plugin) {
    return new MySqlServerConfig(host, port, maxConnections, waitTimeout, connectTimeout,
        maxAllowedPacket, serverVersion, plugin, sslContext, shutdownGrace);
  }

  public MySqlServerConfig withShutdownGrace(Duration d) {
    return new MySqlServerConfig(host, port, maxConnections, waitTimeout, connectTimeout,
        maxAllowedPacket, serverVersion, greetingAuthPlugin, sslContext, d);
  }
}
