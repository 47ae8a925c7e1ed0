package io.cairn.proto.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies peers against the CA certificates last given to {@link #update}, with the JDK's
 * PKIX validation; TLS contexts keep this one object while the CA behind it changes.
 *
 * <p>Server certificates are also checked against the host name the client dialled when the
 * client's engine asks for it (gRPC's client sets endpoint identification to HTTPS, so a
 * server certificate needs the dialled host or IP in its subject alternative names). Client
 * certificates are checked for chain and validity only, plus, when {@code allowedCommonNames}
 * is not empty, for a subject common name in that set. Thread-safe.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {

  private final Set<String> allowedCommonNames;
  private volatile X509ExtendedTrustManager delegate;

  ReloadingTrustManager(X509Certificate[] authorities, Set<String> allowedCommonNames) {
    this.allowedCommonNames = Set.copyOf(allowedCommonNames);
    update(authorities);
  }

  /** Trusts {@code authorities} from the next handshake on. */
  void update(X509Certificate[] authorities) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.length; i++) {
        store.setCertificateEntry("ca-" + i, authorities[i]);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          delegate = x;
          return;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsFileException("cannot trust the configured CA certificates: " + e, e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
    checkCommonName(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
    checkCommonName(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
    checkCommonName(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  private void checkCommonName(X509Certificate[] chain) throws CertificateException {
    if (allowedCommonNames.isEmpty()) {
      return;
    }
    String cn = commonName(chain[0]);
    if (cn == null || !allowedCommonNames.contains(cn)) {
      throw new CertificateException("client certificate common name " + cn
          + " is not among the allowed " + allowedCommonNames);
    }
  }

  /** The subject's common name, or null when it has none. */
  static String commonName(X509Certificate cert) {
    try {
      LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
      for (Rdn rdn : name.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
      return null;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
