package io.cairn.sql.session;

import java.util.Map;
import java.util.Optional;

/**
 * Opens sessions and answers the account questions the handshake asks. Thread-safe: the
 * protocol layer calls it from many connections at once.
 */
public interface SessionFactory {

  /**
   * The stored credentials of {@code user} connecting from {@code host}, or empty if no
   * account matches (the protocol then answers error 1045 without revealing which part was
   * wrong).
   */
  Optional<Account> findAccount(String user, String host);

  /**
   * Opens a session for an authenticated connection.
   *
   * @param connectionId the id the protocol layer assigned to the connection
   * @param user the authenticated user
   * @param host the client's address
   * @param database the database named in the handshake, or null
   * @param attributes the client's connect attributes (may be empty)
   * @throws SqlException e.g. 1049 when {@code database} does not exist, 1044 when the
   *     account holds no privilege in it
   */
  Session open(
      long connectionId, String user, String host, String database, Map<String, String> attributes);

  /**
   * An account's credentials.
   *
   * @param user the user name
   * @param host the account's host pattern
   * @param plugin "mysql_native_password" or "caching_sha2_password"
   * @param authenticationString what MySQL stores in mysql.user: for mysql_native_password
   *     {@code "*" + HEX(SHA1(SHA1(password)))}, "" for no password; for caching_sha2_password
   *     the SHA-256 crypt string ({@link Passwords}), "" for no password
   * @param nativeHash for mysql_native_password checks: SHA1(SHA1(password)) (20 bytes), or an
   *     empty array for no password
   * @param sha256Hash SHA256(SHA256(password)) (32 bytes) when the account knows it, else an
   *     empty array: for no password, and for a caching_sha2_password account that stores only
   *     its crypt string (the protocol then checks a full authentication against that string
   *     and takes the fast-path hash from the password it received, as MySQL's cache does)
   */
  record Account(
      String user,
      String host,
      String plugin,
      String authenticationString,
      byte[] nativeHash,
      byte[] sha256Hash) {}
}
