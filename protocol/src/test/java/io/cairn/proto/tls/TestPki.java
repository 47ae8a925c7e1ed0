package io.cairn.proto.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: EC P-256 keys, certificates valid from an hour
 * ago for a day, random serials. Issued certificates carry both the server and the client
 * usage and the SANs {@code 127.0.0.1} and {@code localhost}, as a cluster member's do.
 * Files are written as PEM (PKCS#8 keys) through a rename, as an operator rotating them should.
 */
public final class TestPki {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;

  private TestPki(KeyPair caKeys, X509Certificate caCertificate) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
  }

  /** A certificate and its key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {

    public BigInteger serial() {
      return certificate.getSerialNumber();
    }

    /** Writes the certificate and the key (each through a rename over the old file). */
    public void write(Path certFile, Path keyFile) {
      writeAtomically(certFile, pem("CERTIFICATE", encoded(certificate)));
      writeAtomically(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    }
  }

  /** A new CA with subject {@code CN=<name>}. */
  public static TestPki create(String name) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509v3CertificateBuilder b = builder(subject, subject, keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      return new TestPki(keys, sign(b, keys.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A certificate for {@code CN=<commonName>}, for servers and clients on loopback. */
  public Issued issue(String commonName) {
    KeyPair keys = newKeyPair();
    try {
      JcaX509v3CertificateBuilder b = builder(
          X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
          new X500Name("CN=" + commonName), keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.dNSName, "localhost")}));
      return new Issued(sign(b, caKeys.getPrivate()), keys.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** Writes the CA certificate as PEM. */
  public void writeCa(Path file) {
    writeAtomically(file, pem("CERTIFICATE", encoded(caCertificate)));
  }

  /**
   * Opens a TLS connection to {@code 127.0.0.1:port} with a plain JDK socket presenting
   * {@code client} and trusting this CA (a new context, so no session is resumed), and returns
   * the certificate the server presented.
   */
  public X509Certificate peerCertificate(int port, Issued client) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "test".toCharArray();
      ks.setKeyEntry("client", client.key(), pw, new X509Certificate[] {client.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("ca", caCertificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
      try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        SSLParameters params = socket.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(params);
        socket.startHandshake();
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
        subject, keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer) {
    try {
      X509CertificateHolder holder =
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void writeAtomically(Path file, String content) {
    try {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of one member's credentials in {@code dir}: ca.pem, NAME.pem, NAME.key. */
  public record MemberFiles(Path ca, Path cert, Path key) {

    public List<Path> all() {
      return List.of(ca, cert, key);
    }
  }

  /** Writes this CA and a new certificate for {@code name} into {@code dir}. */
  public MemberFiles writeMember(Path dir, String name) {
    MemberFiles f = new MemberFiles(dir.resolve("ca.pem"), dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    writeCa(f.ca());
    issue(name).write(f.cert(), f.key());
    return f;
  }
}
