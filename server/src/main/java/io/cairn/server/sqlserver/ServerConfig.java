package io.cairn.server.sqlserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link CairnServer} needs to start.
 *
 * @param storeUrl the storage URL: {@code embedded://PATH}, {@code unistore://[NAME]} or
 *     {@code tikv://pd1:2379,...}
 * @param host the address the MySQL and status ports bind
 * @param port the MySQL protocol port; 0 picks a free one
 * @param statusPort the HTTP port of {@code /status} and {@code /metrics}; 0 picks a free one,
 *     -1 serves none
 * @param maxConnections client connections allowed at once (more get error 1040)
 * @param shutdownGrace how long a stop lets running statements finish
 * @param tls the TLS set-up, or null to offer no TLS
 */
public record ServerConfig(
    String storeUrl,
    String host,
    int port,
    int statusPort,
    int maxConnections,
    Duration shutdownGrace,
    Tls tls) {

  public ServerConfig {
    Objects.requireNonNull(storeUrl, "storeUrl");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (statusPort < -1 || statusPort > 65535) {
      throw new IllegalArgumentException("status port out of range: " + statusPort);
    }
  }

  /**
   * Where the server's certificate comes from: both PEM files given, or neither, and then a
   * self-signed certificate is made on first start and kept in {@code generatedDir}.
   */
  public record Tls(Path certFile, Path keyFile, Path generatedDir) {
    public Tls {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("give both the certificate and its key, or neither");
      }
      if (certFile == null) {
        Objects.requireNonNull(generatedDir, "generatedDir");
      }
    }
  }
}
