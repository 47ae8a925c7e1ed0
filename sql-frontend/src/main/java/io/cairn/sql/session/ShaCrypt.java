package io.cairn.sql.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 crypt (Ulrich Drepper's "Unix crypt using SHA-256", the {@code $5$} scheme), which
 * MySQL's caching_sha2_password uses for its stored credential. Unlike {@code $5$}, the salt
 * is taken whole (MySQL's is 20 bytes; the {@code $5$} scheme caps it at 16) and the rounds
 * are given by the caller. The result is the 43-character hash in crypt's own base-64.
 * Stateless and thread-safe.
 */
final class ShaCrypt {
  static final int HASH_LENGTH = 43;

  private static final String B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  /** The byte triples of the final digest, in output order (the scheme's fixed permutation). */
  private static final int[][] ORDER = {
      {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
      {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29}};

  private ShaCrypt() {}

  static String hash(byte[] password, byte[] salt, int rounds) {
    MessageDigest md = sha256();
    md.update(password);
    md.update(salt);
    md.update(password);
    byte[] b = md.digest();

    md.update(password);
    md.update(salt);
    repeat(md, b, password.length);
    for (int n = password.length; n > 0; n >>= 1) {
      md.update((n & 1) != 0 ? b : password);
    }
    byte[] a = md.digest();

    for (int i = 0; i < password.length; i++) {
      md.update(password);
    }
    byte[] p = stretch(md.digest(), password.length);

    for (int i = 0; i < 16 + (a[0] & 0xFF); i++) {
      md.update(salt);
    }
    byte[] s = stretch(md.digest(), salt.length);

    byte[] c = a;
    for (int i = 0; i < rounds; i++) {
      md.update((i & 1) != 0 ? p : c);
      if (i % 3 != 0) {
        md.update(s);
      }
      if (i % 7 != 0) {
        md.update(p);
      }
      md.update((i & 1) != 0 ? c : p);
      c = md.digest();
    }

    StringBuilder out = new StringBuilder(HASH_LENGTH);
    for (int[] t : ORDER) {
      b64(out, c[t[0]], c[t[1]], c[t[2]], 4);
    }
    b64(out, (byte) 0, c[31], c[30], 3);
    return out.toString();
  }

  /** Feeds {@code length} bytes of {@code block} repeated. */
  private static void repeat(MessageDigest md, byte[] block, int length) {
    int n = length;
    for (; n > block.length; n -= block.length) {
      md.update(block);
    }
    md.update(block, 0, n);
  }

  /** {@code length} bytes of {@code block} repeated. */
  private static byte[] stretch(byte[] block, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = block[i % block.length];
    }
    return out;
  }

  private static void b64(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
    int w = ((b2 & 0xFF) << 16) | ((b1 & 0xFF) << 8) | (b0 & 0xFF);
    for (int i = 0; i < chars; i++) {
      out.append(B64.charAt(w & 0x3f));
      w >>>= 6;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
