package io.cairn.proto.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where a process finds its cluster certificates, in TiKV's terms ({@code security.ca-path},
 * {@code cert-path}, {@code key-path}, {@code cert-allowed-cn}). All paths null means
 * plaintext ({@link #NONE}); a CA alone means server-authenticated TLS (a client only); CA,
 * certificate and key mean mutual TLS, and a server needs all three.
 *
 * <p>Files are PEM: the CA file holds one or more certificates, the certificate file the
 * leaf first then its intermediates, the key file a PKCS#8 private key ({@code BEGIN PRIVATE
 * KEY}; convert a PKCS#1 {@code BEGIN RSA PRIVATE KEY} with {@code openssl pkcs8 -topk8
 * -nocrypt}).
 *
 * @param caPath the CA certificates that peers' certificates must chain to; null for plaintext
 * @param certPath this process's certificate chain; null together with {@code keyPath}
 * @param keyPath the private key of {@code certPath}'s leaf
 * @param allowedCommonNames when not empty, a server accepts only client certificates whose
 *     subject common name is in the set (TiKV's {@code cert-allowed-cn}); never null
 * @param refreshPeriod how often the files are checked for new content (rotation)
 */
public record TlsSettings(Path caPath, Path certPath, Path keyPath, Set<String> allowedCommonNames,
    Duration refreshPeriod) {

  /** How often the certificate files are looked at unless configured otherwise. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

  /** Plaintext. */
  public static final TlsSettings NONE = new TlsSettings(null, null, null, Set.of(), DEFAULT_REFRESH);

  public TlsSettings {
    allowedCommonNames = Set.copyOf(Objects.requireNonNull(allowedCommonNames, "allowedCommonNames"));
    Objects.requireNonNull(refreshPeriod, "refreshPeriod");
    if ((certPath == null) != (keyPath == null)) {
      throw new IllegalArgumentException("the certificate and the key must be configured together"
          + " (cert " + certPath + ", key " + keyPath + ")");
    }
    if (caPath == null && certPath != null) {
      throw new IllegalArgumentException("a certificate without a CA: configure the CA too,"
          + " peers are verified against it");
    }
    if (caPath == null && !allowedCommonNames.isEmpty()) {
      throw new IllegalArgumentException("allowed common names need TLS (a CA, certificate and key)");
    }
    if (refreshPeriod.isNegative() || refreshPeriod.isZero()) {
      throw new IllegalArgumentException("refresh period must be positive: " + refreshPeriod);
    }
  }

  /**
   * Settings from the three paths as given on a command line; all null is {@link #NONE}.
   *
   * @throws IllegalArgumentException when only some of them are given in a way that cannot work
   */
  public static TlsSettings of(Path caPath, Path certPath, Path keyPath) {
    return new TlsSettings(caPath, certPath, keyPath, Set.of(), DEFAULT_REFRESH);
  }

  public TlsSettings withAllowedCommonNames(Set<String> names) {
    return new TlsSettings(caPath, certPath, keyPath, names, refreshPeriod);
  }

  public TlsSettings withRefreshPeriod(Duration period) {
    return new TlsSettings(caPath, certPath, keyPath, allowedCommonNames, period);
  }

  /** Whether TLS is on at all. */
  public boolean enabled() {
    return caPath != null;
  }

  /** Whether this process has a certificate of its own (mutual TLS; required to serve). */
  public boolean hasIdentity() {
    return certPath != null;
  }

  @Override
  public String toString() {
    return enabled()
        ? "TLS(ca=" + caPath + ", cert=" + certPath + ", key=" + keyPath
            + (allowedCommonNames.isEmpty() ? "" : ", allowed CN=" + allowedCommonNames) + ")"
        : "plaintext";
  }
}
