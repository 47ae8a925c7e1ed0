package io.cairn.mysql.fake;

import io.cairn.mysql.auth.Scrambles;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionFactory;
import io.cairn.sql.session.SqlException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST FIXTURE, not a SQL engine: a {@link SessionFactory} whose {@link FakeSession}s answer a
 * fixed repertoire of statements, so that the protocol layer can be tested without the real
 * SQL frontend. Accounts live in a map; root has no password.
 */
public final class FakeSessionFactory implements SessionFactory {

  static final Set<String> DATABASES = Set.of("test", "mysql", "information_schema");

  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  /** Rows produced by every seq_/wide_ result so far: lets tests see streaming at work. */
  public final AtomicLong rowsProduced = new AtomicLong();
  /** Statements inside {@code SLEEP(n)} now: a test waits on it to know a statement is running. */
  public final java.util.concurrent.atomic.AtomicInteger sleeping = new java.util.concurrent.atomic.AtomicInteger();
  public final Map<Long, FakeSession> open = new ConcurrentHashMap<>();
  public volatile Map<String, String> lastAttributes = Map.of();

  public FakeSessionFactory() {
    accounts.put("root", new Account("root", "%", "mysql_native_password", "", new byte[0], new byte[0]));
  }

  /** Adds an account with {@code password} for {@code plugin}. */
  public FakeSessionFactory withUser(String user, String password, String plugin) {
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    byte[] nativeHash = Scrambles.sha1(Scrambles.sha1(pw));
    byte[] sha256Hash = Scrambles.sha256(Scrambles.sha256(pw));
    String authString = "mysql_native_password".equals(plugin)
        ? "*" + HexFormat.of().withUpperCase().formatHex(nativeHash)
        : "$A$005$fake-crypt-string";
    accounts.put(user, new Account(user, "%", plugin, authString, nativeHash, sha256Hash));
    return this;
  }

  /**
   * Adds (or replaces) an account that stores only its credential string, as the SQL engine's
   * catalog accounts do: no precomputed hashes for caching_sha2_password.
   */
  public FakeSessionFactory withStoredCredential(String user, String plugin, String authString) {
    accounts.put(user, new Account(user, "%", plugin, authString, new byte[0], new byte[0]));
    return this;
  }

  @Override
  public Optional<Account> findAccount(String user, String host) {
    return Optional.ofNullable(accounts.get(user));
  }

  @Override
  public Session open(
      long connectionId, String user, String host, String database, Map<String, String> attributes) {
    if (database != null && !DATABASES.contains(database)) {
      throw new SqlException(1049, "42000", "Unknown database '" + database + "'");
    }
    lastAttributes = attributes;
    FakeSession s = new FakeSession(this, connectionId, user, database);
    open.put(connectionId, s);
    return s;
  }

  void closed(FakeSession s) {
    open.remove(s.connectionId(), s);
  }
}
