package io.cairn.mysql.auth;

import io.cairn.sql.session.Passwords;
import io.cairn.sql.session.SessionFactory;
import io.cairn.sql.session.SessionFactory.Account;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Checks a client's credentials for mysql_native_password and caching_sha2_password, switching
 * the client to the account's plugin when it chose another one.
 *
 * <p>caching_sha2_password follows MySQL: the fast path (a scramble check against
 * SHA256(SHA256(pw))) is taken only for accounts that completed a full authentication since
 * the server started (the cache, which holds that hash); otherwise the server asks for full
 * authentication ({@code 0x04}), and the client sends its password in clear text over TLS, or
 * RSA-encrypted after asking for the public key ({@code 0x02}). The clear password is checked
 * against {@link Account#sha256Hash()} when the account has it, else against its SHA-256 crypt
 * string ({@link Passwords#checkSha2}). The cache is keyed by the stored credential, so a
 * password change leaves the old entry useless. Thread-safe.
 */
public final class Authenticator {

  public static final String NATIVE = "mysql_native_password";
  public static final String CACHING_SHA2 = "caching_sha2_password";

  private static final byte FAST_AUTH_SUCCESS = 0x03;
  private static final byte PERFORM_FULL_AUTH = 0x04;
  private static final byte REQUEST_PUBLIC_KEY = 0x02;

  private final SessionFactory sessions;
  private final Supplier<RsaKeys> rsaKeys;
  private final Map<String, byte[]> sha2Cache = new ConcurrentHashMap<>();

  /**
   * @param rsaKeys the server's key pair, asked for only when a client needs RSA (the server
   *     generates it in the background at start, since 2048-bit generation takes seconds)
   */
  public Authenticator(SessionFactory sessions, Supplier<RsaKeys> rsaKeys) {
    this.sessions = sessions;
    this.rsaKeys = rsaKeys;
  }

  public Authenticator(SessionFactory sessions, RsaKeys rsaKeys) {
    this(sessions, () -> rsaKeys);
  }

  /**
   * Authenticates {@code user} from {@code host}.
   *
   * @param clientPlugin the plugin the client used for {@code response}, or null if it named
   *     none (then mysql_native_password)
   * @param response the client's first authentication data
   * @param scramble the 20-byte scramble the client saw
   * @return the account when the credentials match; empty for an unknown user or a wrong
   *     password (the caller answers 1045)
   */
  public Optional<Account> authenticate(
      String user,
      String host,
      String clientPlugin,
      byte[] response,
      byte[] scramble,
      AuthExchange exchange) {
    Optional<Account> found = sessions.findAccount(user, host);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Account account = found.get();
    String plugin = account.plugin();
    if (!NATIVE.equals(plugin) && !CACHING_SHA2.equals(plugin)) {
      return Optional.empty();
    }
    boolean noPassword = account.nativeHash().length == 0 && account.sha256Hash().length == 0
        && account.authenticationString().isEmpty();
    if (noPassword) {
      return response.length == 0 || (response.length == 1 && response[0] == 0)
          ? found
          : Optional.empty();
    }
    String used = clientPlugin == null ? NATIVE : clientPlugin;
    if (!used.equals(plugin)) {
      byte[] data = Arrays.copyOf(scramble, scramble.length + 1);
      response = exchange.switchPlugin(plugin, data);
    }
    boolean ok =
        NATIVE.equals(plugin)
            ? Scrambles.checkNative(response, scramble, account.nativeHash())
            : cachingSha2(account, response, scramble, exchange);
    return ok ? found : Optional.empty();
  }

  private boolean cachingSha2(
      Account account, byte[] response, byte[] scramble, AuthExchange exchange) {
    if (response.length == 0) {
      return false;
    }
    String key = cacheKey(account);
    byte[] cached = sha2Cache.get(key);
    if (cached != null) {
      if (!Scrambles.checkCachingSha2(response, scramble, cached)) {
        return false;
      }
      exchange.moreData(new byte[] {FAST_AUTH_SUCCESS});
      return true;
    }
    exchange.moreData(new byte[] {PERFORM_FULL_AUTH});
    byte[] reply = exchange.read();
    byte[] password;
    if (exchange.secure()) {
      password = stripNul(reply);
    } else {
      if (reply.length == 1 && reply[0] == REQUEST_PUBLIC_KEY) {
        exchange.moreData(rsaKeys.get().publicKeyPem());
        reply = exchange.read();
      }
      try {
        password = rsaKeys.get().decryptPassword(reply, scramble);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
    boolean ok = account.sha256Hash().length > 0
        ? Scrambles.checkClearSha2(password, account.sha256Hash())
        : Passwords.checkSha2(password, account.authenticationString());
    if (!ok) {
      return false;
    }
    sha2Cache.put(key, Scrambles.sha256(Scrambles.sha256(password)));
    return true;
  }

  private static byte[] stripNul(byte[] b) {
    int len = b.length;
    if (len > 0 && b[len - 1] == 0) {
      len--;
    }
    return Arrays.copyOf(b, len);
  }

  private static String cacheKey(Account a) {
    return a.user() + "\0" + a.host() + "\0" + a.authenticationString() + "\0"
        + HexFormat.of().formatHex(a.sha256Hash());
  }
}
