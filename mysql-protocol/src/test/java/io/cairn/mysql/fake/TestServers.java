package io.cairn.mysql.fake;

import io.cairn.mysql.MySqlServer;
import io.cairn.mysql.MySqlServerConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/** Test helpers: a server on a free loopback port and a self-signed TLS context. */
public final class TestServers {

  private static SslContext selfSigned;

  private TestServers() {}

  public static MySqlServerConfig config() {
    return MySqlServerConfig.defaults("127.0.0.1", 0).withShutdownGrace(Duration.ofSeconds(2));
  }

  public static MySqlServer start(MySqlServerConfig config, FakeSessionFactory sessions) {
    MySqlServer server = new MySqlServer(config, sessions);
    server.start();
    return server;
  }

  /**
   * A server TLS context with a self-signed RSA certificate made by the JDK's {@code keytool}
   * (Netty's SelfSignedCertificate needs BouncyCastle or JDK internals).
   */
  public static synchronized SslContext selfSignedTls() throws Exception {
    if (selfSigned != null) {
      return selfSigned;
    }
    Path dir = Files.createTempDirectory("cairn-tls");
    Path store = dir.resolve("server.p12");
    char[] pass = "changeit".toCharArray();
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, pass);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    selfSigned = SslContextBuilder.forServer(kmf).build();
    return selfSigned;
  }
}
