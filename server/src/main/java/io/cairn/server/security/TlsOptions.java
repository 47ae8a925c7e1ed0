package io.cairn.server.security;

import io.cairn.pd.Durations;
import io.cairn.proto.tls.ClusterTls;
import io.cairn.proto.tls.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The TLS options shared by {@code cairn-pd} and {@code cairn-node}, named as TiKV's and PD's
 * ({@code --cacert --cert --key}); in a {@code --config} properties file they are the
 * {@code security.*} keys of TiKV's {@code [security]} section. All three files given turn on
 * mutual TLS on every gRPC endpoint of the process; none leaves it in plaintext; anything in
 * between is refused.
 */
public final class TlsOptions {

  @Option(names = "--cacert", descriptionKey = "security.ca-path", paramLabel = "PATH",
      description = "PEM file of the cluster CA; peers must present certificates it signed")
  Path caPath;

  @Option(names = "--cert", descriptionKey = "security.cert-path", paramLabel = "PATH",
      description = "PEM certificate of this process (re-read when the file changes)")
  Path certPath;

  @Option(names = "--key", descriptionKey = "security.key-path", paramLabel = "PATH",
      description = "PEM PKCS#8 private key of --cert (re-read when the file changes)")
  Path keyPath;

  @Option(names = "--cert-allowed-cn", descriptionKey = "security.cert-allowed-cn", split = ",",
      paramLabel = "CN", description = "Accept only client certificates with these common names")
  List<String> allowedCommonNames = List.of();

  @Option(names = "--cert-refresh-interval", descriptionKey = "security.cert-refresh-interval",
      description = "How often the certificate files are checked for changes, e.g. 30s, 500ms"
          + " (default: ${DEFAULT-VALUE})")
  String refreshInterval = "30s";

  /**
   * The settings the options give.
   *
   * @throws IllegalArgumentException when only some of the files are given
   */
  public TlsSettings settings() {
    if (caPath == null && certPath == null && keyPath == null) {
      if (!allowedCommonNames.isEmpty()) {
        throw new IllegalArgumentException("--cert-allowed-cn needs --cacert, --cert and --key");
      }
      return TlsSettings.NONE;
    }
    if (caPath == null || certPath == null || keyPath == null) {
      throw new IllegalArgumentException("TLS needs all of --cacert, --cert and --key"
          + " (security.ca-path, cert-path, key-path); got ca " + caPath + ", cert " + certPath
          + ", key " + keyPath);
    }
    return TlsSettings.of(caPath, certPath, keyPath)
        .withAllowedCommonNames(Set.copyOf(allowedCommonNames))
        .withRefreshPeriod(Durations.parse(refreshInterval));
  }

  /**
   * Loads the certificates; null for plaintext. The caller closes the result after the servers
   * and channels that use it.
   *
   * @throws io.cairn.proto.tls.TlsFileException when a configured file cannot be used
   */
  public ClusterTls open() {
    return ClusterTls.openIfEnabled(settings());
  }
}
