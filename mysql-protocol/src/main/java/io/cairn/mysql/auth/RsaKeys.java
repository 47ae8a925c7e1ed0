package io.cairn.mysql.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The RSA key pair of caching_sha2_password's full authentication without TLS: the client
 * asks for the public key (PEM, sent as-is) and sends {@code RSA-OAEP(SHA-1, MGF1)} of
 * {@code (password || NUL) XOR scramble}, the scramble repeated as needed. Generated once per
 * server start; thread-safe.
 */
public final class RsaKeys {

  private final KeyPair keyPair;
  private final byte[] publicKeyPem;

  public RsaKeys(KeyPair keyPair) {
    this.keyPair = keyPair;
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keyPair.getPublic().getEncoded());
    this.publicKeyPem =
        ("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** A fresh 2048-bit key pair. */
  public static RsaKeys generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      return new RsaKeys(gen.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key pair", e);
    }
  }

  public byte[] publicKeyPem() {
    return publicKeyPem.clone();
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /**
   * Decrypts a client's encrypted password and removes the scramble and the trailing NUL.
   *
   * @throws GeneralSecurityException when the ciphertext is not valid for this key
   */
  public byte[] decryptPassword(byte[] ciphertext, byte[] scramble)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.DECRYPT_MODE, keyPair.getPrivate());
    byte[] plain = Scrambles.xor(cipher.doFinal(ciphertext), scramble);
    int len = plain.length;
    if (len > 0 && plain[len - 1] == 0) {
      len--;
    }
    return java.util.Arrays.copyOf(plain, len);
  }
}
