package io.cairn.proto.tls;

import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and checks PEM certificate and key files. Every failure is a {@link TlsFileException}
 * naming the file and the reason, so a misconfigured process says what to fix.
 */
final class PemCredentials {

  private PemCredentials() {}

  /** A certificate chain with its private key, and a digest of the files they came from. */
  record Identity(X509Certificate[] chain, PrivateKey key, String digest) {}

  /** Trusted CA certificates, and a digest of the file they came from. */
  record Authorities(X509Certificate[] certificates, String digest) {}

  static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsFileException("cannot read the " + what + " file " + file + ": " + e, e);
    }
  }

  static Authorities authorities(Path caFile) {
    byte[] bytes = read(caFile, "CA");
    X509Certificate[] certs = certificates(bytes, caFile, "CA");
    return new Authorities(certs, digest(bytes));
  }

  static Identity identity(Path certFile, Path keyFile) {
    byte[] certBytes = read(certFile, "certificate");
    byte[] keyBytes = read(keyFile, "key");
    X509Certificate[] chain = certificates(certBytes, certFile, "certificate");
    PrivateKey key;
    try {
      key = CertificateUtils.getPrivateKey(new ByteArrayInputStream(keyBytes));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TlsFileException("cannot parse the key file " + keyFile
          + " (a PEM PKCS#8 private key is expected): " + e, e);
    }
    if (!matches(key, chain[0])) {
      throw new TlsFileException("the key in " + keyFile + " does not belong to the certificate in "
          + certFile, null);
    }
    return new Identity(chain, key, digest(certBytes) + digest(keyBytes));
  }

  /** A digest of the files' current content, without parsing them. */
  static String digestOf(Path... files) {
    StringBuilder sb = new StringBuilder();
    for (Path f : files) {
      sb.append(digest(read(f, "TLS")));
    }
    return sb.toString();
  }

  private static X509Certificate[] certificates(byte[] bytes, Path file, String what) {
    X509Certificate[] certs;
    try {
      certs = CertificateUtils.getX509Certificates(new ByteArrayInputStream(bytes));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsFileException("cannot parse the " + what + " file " + file + ": " + e, e);
    }
    if (certs.length == 0 || !new String(bytes, StandardCharsets.US_ASCII).contains("BEGIN CERTIFICATE")) {
      throw new TlsFileException("the " + what + " file " + file + " holds no PEM certificate", null);
    }
    return certs;
  }

  /** Whether {@code key} signs what {@code cert}'s public key verifies: a swapped file is caught here. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm());
    }
    try {
      byte[] probe = "cairn-tls-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String describe(X509Certificate[] chain) {
    return Arrays.stream(chain).map(c -> c.getSubjectX500Principal().getName() + " serial "
        + c.getSerialNumber().toString(16)).toList().toString();
  }
}
