package io.cairn.server.sqlserver;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The MySQL port's TLS context: from configured PEM files (certificate chain and PKCS#8 key),
 * or a self-signed RSA certificate for {@code CN=cairn} made with the JDK's {@code keytool} on
 * first start and reused afterwards, as MySQL 8 and TiDB do when no certificate is set.
 */
final class ServerTls {

  /** The password of the generated PKCS#12 store; it protects nothing (the file is local). */
  private static final char[] STORE_PASSWORD = "cairn-self-signed".toCharArray();

  private ServerTls() {}

  static SslContext context(ServerConfig.Tls tls) throws IOException {
    if (tls.certFile() != null) {
      try {
        return SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile()).build();
      } catch (SSLException | IllegalArgumentException e) {
        throw new IOException("cannot use TLS certificate " + tls.certFile() + " with key " + tls.keyFile()
            + ": " + e.getMessage(), e);
      }
    }
    Path store = tls.generatedDir().resolve("server-self-signed.p12");
    if (!Files.exists(store)) {
      generate(store);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, STORE_PASSWORD);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, STORE_PASSWORD);
      return SslContextBuilder.forServer(kmf).build();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the self-signed TLS store " + store + ": " + e.getMessage(), e);
    }
  }

  private static void generate(Path store) throws IOException {
    Files.createDirectories(store.getParent());
    Path partial = store.resolveSibling(store.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String password = new String(STORE_PASSWORD);
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cairn", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "3650", "-dname", "CN=cairn", "-storetype", "PKCS12",
        "-keystore", partial.toString(), "-storepass", password, "-keypass", password)
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool could not make a self-signed certificate: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while making a self-signed certificate", e);
    }
    // A crash mid-generation leaves only the .partial file, never a half-written store.
    Files.move(partial, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
