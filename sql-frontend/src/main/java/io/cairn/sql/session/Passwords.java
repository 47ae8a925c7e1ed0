package io.cairn.sql.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The credentials MySQL stores for its two password plugins, made from a clear password and
 * checked against one. Nothing here keeps a password.
 *
 * <ul>
 *   <li>mysql_native_password: {@code "*" + HEX(SHA1(SHA1(pw)))} (41 characters, upper case).
 *   <li>caching_sha2_password: {@code "$A$" + rounds/1000 as 3 hex digits + "$" + 20-byte salt
 *       + 43-character hash}, where the hash is the SHA-256 crypt of the password with that salt
 *       and 5000 rounds ({@link ShaCrypt}); the salt is printable ASCII without {@code $}.
 * </ul>
 *
 * <p>An empty password is stored as the empty string for either plugin. Stateless and
 * thread-safe.
 */
public final class Passwords {
  public static final String NATIVE = "mysql_native_password";
  public static final String CACHING_SHA2 = "caching_sha2_password";

  private static final int SHA2_ROUNDS = 5000;
  private static final int SHA2_SALT_LENGTH = 20;
  private static final String SHA2_PREFIX = "$A$";

  private Passwords() {}

  /** Whether Cairn can authenticate accounts of {@code plugin}. */
  public static boolean supported(String plugin) {
    return NATIVE.equals(plugin) || CACHING_SHA2.equals(plugin);
  }

  /** What an account of {@code plugin} stores for {@code password}. */
  public static String authString(String plugin, String password, SecureRandom random) {
    if (password.isEmpty()) {
      return "";
    }
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    return switch (plugin) {
      case NATIVE -> "*" + HexFormat.of().withUpperCase().formatHex(sha1(sha1(pw)));
      case CACHING_SHA2 -> {
        byte[] salt = new byte[SHA2_SALT_LENGTH];
        for (int i = 0; i < salt.length; i++) {
          // Printable ASCII from '(' on: never '$' (the field separator) nor NUL.
          salt[i] = (byte) ('(' + random.nextInt(0x7f - '('));
        }
        yield SHA2_PREFIX + String.format(Locale.ROOT, "%03X", SHA2_ROUNDS / 1000) + "$"
            + new String(salt, StandardCharsets.US_ASCII) + ShaCrypt.hash(pw, salt, SHA2_ROUNDS);
      }
      default -> throw new IllegalArgumentException("unsupported authentication plugin " + plugin);
    };
  }

  /**
   * Whether {@code authString} is a credential an account of {@code plugin} may store: "", or
   * the form above. Used for {@code IDENTIFIED WITH plugin AS 'string'}.
   */
  public static boolean wellFormed(String plugin, String authString) {
    if (authString.isEmpty()) {
      return true;
    }
    if (NATIVE.equals(plugin)) {
      return authString.matches("\\*[0-9A-F]{40}");
    }
    return CACHING_SHA2.equals(plugin) && parseSha2(authString) != null;
  }

  /** SHA1(SHA1(pw)) of a mysql_native_password credential (empty for no password). */
  public static byte[] nativeHash(String authString) {
    if (authString.isEmpty()) {
      return new byte[0];
    }
    if (!authString.matches("\\*[0-9A-Fa-f]{40}")) {
      throw new IllegalArgumentException("not a mysql_native_password credential");
    }
    return HexFormat.of().parseHex(authString.substring(1));
  }

  /** Whether {@code password} matches a caching_sha2_password credential. */
  public static boolean checkSha2(byte[] password, String authString) {
    if (authString.isEmpty()) {
      return password.length == 0;
    }
    Sha2 parsed = parseSha2(authString);
    if (parsed == null) {
      return false;
    }
    String actual = ShaCrypt.hash(password, parsed.salt(), parsed.rounds());
    return MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
        parsed.hash().getBytes(StandardCharsets.US_ASCII));
  }

  private record Sha2(int rounds, byte[] salt, String hash) {}

  private static Sha2 parseSha2(String s) {
    int headerLength = SHA2_PREFIX.length() + 4;
    if (!s.startsWith(SHA2_PREFIX) || s.length() != headerLength + SHA2_SALT_LENGTH + ShaCrypt.HASH_LENGTH
        || s.charAt(headerLength - 1) != '$') {
      return null;
    }
    int rounds;
    try {
      rounds = Integer.parseInt(s.substring(SHA2_PREFIX.length(), headerLength - 1), 16) * 1000;
    } catch (NumberFormatException e) {
      return null;
    }
    if (rounds < 1000 || rounds > 0xFFF * 1000) {
      return null;
    }
    byte[] salt = s.substring(headerLength, headerLength + SHA2_SALT_LENGTH).getBytes(StandardCharsets.ISO_8859_1);
    return new Sha2(rounds, salt, s.substring(headerLength + SHA2_SALT_LENGTH));
  }

  static byte[] sha1(byte[] b) {
    return digest("SHA-1", b);
  }

  static byte[] digest(String algorithm, byte[] b) {
    try {
      return MessageDigest.getInstance(algorithm).digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " missing from the JDK", e);
    }
  }
}
