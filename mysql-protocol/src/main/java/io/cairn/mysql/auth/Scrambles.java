package io.cairn.mysql.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The hash arithmetic of MySQL's password plugins.
 *
 * <ul>
 *   <li>mysql_native_password: the client sends {@code SHA1(pw) XOR SHA1(scramble ||
 *       SHA1(SHA1(pw)))}; the server knows {@code SHA1(SHA1(pw))}, recovers {@code SHA1(pw)}
 *       and checks that its SHA1 is the stored hash.
 *   <li>caching_sha2_password (fast path): the client sends {@code SHA256(pw) XOR
 *       SHA256(SHA256(SHA256(pw)) || scramble)}; the server knows {@code SHA256(SHA256(pw))}
 *       and checks the same way.
 * </ul>
 */
public final class Scrambles {

  public static final int SCRAMBLE_LENGTH = 20;

  private Scrambles() {}

  /** A fresh 20-byte scramble of printable ASCII without NUL or '$', as MySQL makes. */
  public static byte[] newScramble(SecureRandom random) {
    byte[] s = new byte[SCRAMBLE_LENGTH];
    for (int i = 0; i < s.length; i++) {
      byte b;
      do {
        b = (byte) (33 + random.nextInt(94));
      } while (b == '$');
      s[i] = b;
    }
    return s;
  }

  public static byte[] sha1(byte[]... parts) {
    return digest("SHA-1", parts);
  }

  public static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  private static byte[] digest(String algorithm, byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i % b.length]);
    }
    return out;
  }

  /** What a mysql_native_password client sends for {@code password}. */
  public static byte[] nativeResponse(byte[] password, byte[] scramble) {
    byte[] stage1 = sha1(password);
    return xor(stage1, sha1(scramble, sha1(stage1)));
  }

  /** Checks a mysql_native_password response against {@code SHA1(SHA1(pw))}. */
  public static boolean checkNative(byte[] response, byte[] scramble, byte[] nativeHash) {
    if (response.length != 20 || nativeHash.length != 20) {
      return false;
    }
    byte[] candidate = xor(response, sha1(scramble, nativeHash));
    return MessageDigest.isEqual(sha1(candidate), nativeHash);
  }

  /** What a caching_sha2_password client sends on the fast path for {@code password}. */
  public static byte[] cachingSha2Response(byte[] password, byte[] scramble) {
    byte[] stage1 = sha256(password);
    return xor(stage1, sha256(sha256(stage1), scramble));
  }

  /** Checks a caching_sha2_password fast-path response against {@code SHA256(SHA256(pw))}. */
  public static boolean checkCachingSha2(byte[] response, byte[] scramble, byte[] sha256Hash) {
    if (response.length != 32 || sha256Hash.length != 32) {
      return false;
    }
    byte[] candidate = xor(response, sha256(sha256Hash, scramble));
    return MessageDigest.isEqual(sha256(candidate), sha256Hash);
  }

  /** Checks a clear-text password (full authentication) against {@code SHA256(SHA256(pw))}. */
  public static boolean checkClearSha2(byte[] password, byte[] sha256Hash) {
    return sha256Hash.length == 32 && MessageDigest.isEqual(sha256(sha256(password)), sha256Hash);
  }
}
