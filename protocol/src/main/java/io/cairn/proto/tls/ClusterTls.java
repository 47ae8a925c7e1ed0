package io.cairn.proto.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's cluster TLS: its certificate and key, the CA it verifies peers with, and the
 * gRPC (Netty) contexts built over them, re-read when the files change.
 *
 * <p>Rotation: every {@link TlsSettings#refreshPeriod()} the files are read and their content
 * compared with what is in use; on a change the new certificate, key and CA are parsed,
 * checked (the key must belong to the certificate) and swapped in, and every handshake from
 * then on uses them: connections opened later present and verify with the new ones, open
 * connections keep going. Replace the certificate and key files together (write new files and
 * rename them over the old ones); a half-replaced pair fails the check, is logged, and is
 * retried at the next period while the old pair stays in use. The contexts themselves never
 * change, so servers and channels built once need no restart. They do not resume TLS
 * sessions: a resumed session would carry the certificates of its first handshake past a
 * rotation, and cluster connections are long-lived, so the full handshake costs little.
 * {@link #refresh()} checks at once.
 *
 * <p>Servers require client certificates signed by the CA (mutual TLS), and with
 * {@link TlsSettings#allowedCommonNames()} only those common names. Clients verify the server's
 * certificate and the host name they dialled.
 *
 * <p>{@link #open} fails with a {@link TlsFileException} when a configured file cannot be used:
 * a process configured for TLS never falls back to plaintext. The owner closes this object
 * (stops the reloader) after the servers and channels using it; thread-safe.
 */
public final class ClusterTls implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterTls.class);

  private final TlsSettings settings;
  private final AdvancedTlsX509KeyManager keyManager;
  private final ReloadingTrustManager trustManager;
  private final SslContext serverContext;
  private final SslContext clientContext;
  private final ScheduledExecutorService reloader;
  private final AtomicLong reloads = new AtomicLong();
  private volatile String identityDigest;
  private volatile String authoritiesDigest;
  private volatile X509Certificate certificate;

  private ClusterTls(TlsSettings settings) {
    this.settings = settings;
    PemCredentials.Authorities cas = PemCredentials.authorities(settings.caPath());
    this.trustManager = new ReloadingTrustManager(cas.certificates(), settings.allowedCommonNames());
    this.authoritiesDigest = cas.digest();
    if (settings.hasIdentity()) {
      PemCredentials.Identity id = PemCredentials.identity(settings.certPath(), settings.keyPath());
      this.keyManager = new AdvancedTlsX509KeyManager();
      keyManager.updateIdentityCredentials(id.chain(), id.key());
      this.identityDigest = id.digest();
      this.certificate = id.chain()[0];
    } else {
      this.keyManager = null;
    }
    try {
      SslContextBuilder client = GrpcSslContexts.forClient().trustManager(trustManager);
      if (keyManager != null) {
        client.keyManager(keyManager);
      }
      this.clientContext = client.build();
      this.serverContext = keyManager == null ? null
          : GrpcSslContexts.configure(SslContextBuilder.forServer(keyManager))
              .trustManager(trustManager)
              .clientAuth(ClientAuth.REQUIRE)
              .build();
    } catch (SSLException e) {
      throw new TlsFileException("cannot build TLS contexts from " + settings + ": " + e, e);
    }
    withoutResumption(clientContext);
    if (serverContext != null) {
      withoutResumption(serverContext);
    }
    this.reloader = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tls-reload");
      t.setDaemon(true);
      return t;
    });
    long period = settings.refreshPeriod().toMillis();
    reloader.scheduleWithFixedDelay(this::refreshLogged, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the configured files and starts watching them.
   *
   * @throws TlsFileException when a file is missing, unreadable or not usable
   * @throws IllegalArgumentException when {@code settings} is plaintext
   */
  public static ClusterTls open(TlsSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (!settings.enabled()) {
      throw new IllegalArgumentException("TLS is not configured");
    }
    ClusterTls tls = new ClusterTls(settings);
    LOG.info("TLS on: {}{}", settings, tls.certificate == null ? ""
        : ", presenting " + PemCredentials.describe(new X509Certificate[] {tls.certificate}));
    return tls;
  }

  /** {@link #open}, or null for plaintext settings. */
  public static ClusterTls openIfEnabled(TlsSettings settings) {
    return settings.enabled() ? open(settings) : null;
  }

  /**
   * The server side: presents this process's certificate, requires client certificates.
   *
   * @throws IllegalStateException when the settings have no certificate and key
   */
  public SslContext serverContext() {
    if (serverContext == null) {
      throw new IllegalStateException("serving TLS needs a certificate and a key: " + settings);
    }
    return serverContext;
  }

  /** The client side: verifies servers against the CA, presents the certificate if there is one. */
  public SslContext clientContext() {
    return clientContext;
  }

  /** The reloading key manager (for transports with their own TLS, such as Ratis); null without an identity. */
  public X509ExtendedKeyManager keyManager() {
    return keyManager;
  }

  /** The reloading trust manager (for transports with their own TLS, such as Ratis). */
  public X509ExtendedTrustManager trustManager() {
    return trustManager;
  }

  public TlsSettings settings() {
    return settings;
  }

  /** The certificate presented now; null without an identity. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** How many times new credentials were taken since {@link #open}. */
  public long reloads() {
    return reloads.get();
  }

  /**
   * Reads the files now and takes what changed.
   *
   * @return whether anything was taken
   * @throws TlsFileException when changed files cannot be used (the old credentials stay)
   */
  public synchronized boolean refresh() {
    boolean changed = false;
    String casNow = PemCredentials.digestOf(settings.caPath());
    if (!casNow.equals(authoritiesDigest)) {
      PemCredentials.Authorities cas = PemCredentials.authorities(settings.caPath());
      trustManager.update(cas.certificates());
      authoritiesDigest = cas.digest();
      LOG.info("TLS: trusting the new CA certificates of {}", settings.caPath());
      changed = true;
    }
    if (keyManager != null) {
      String idNow = PemCredentials.digestOf(settings.certPath(), settings.keyPath());
      if (!idNow.equals(identityDigest)) {
        PemCredentials.Identity id = PemCredentials.identity(settings.certPath(), settings.keyPath());
        keyManager.updateIdentityCredentials(id.chain(), id.key());
        identityDigest = id.digest();
        certificate = id.chain()[0];
        LOG.info("TLS: presenting the new certificate {}", PemCredentials.describe(id.chain()));
        changed = true;
      }
    }
    if (changed) {
      reloads.incrementAndGet();
    }
    return changed;
  }

  private static void withoutResumption(SslContext context) {
    SSLSessionContext sessions = context.sessionContext();
    if (sessions instanceof OpenSslSessionContext openSsl) {
      openSsl.setSessionCacheEnabled(false);
    } else if (sessions != null) {
      // the JDK provider has no switch: sessions that expire after a second are the nearest
      sessions.setSessionTimeout(1);
    }
  }

  private void refreshLogged() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("TLS: keeping the current certificates, the files cannot be used: {}",
          e.getMessage());
    }
  }

  @Override
  public void close() {
    reloader.shutdownNow();
  }
}
