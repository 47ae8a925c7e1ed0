package io.cairn.sql.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One account ({@code 'user'@'host'}) as the catalog stores it: MySQL's {@code mysql.user}
 * row and the account's grants. Never the clear password: {@code authString} is what MySQL
 * stores ({@code "*" + HEX(SHA1(SHA1(pw)))} for mysql_native_password, the {@code $A$005$}
 * SHA-256 crypt string for caching_sha2_password, "" for no password). Immutable.
 *
 * @param user the user name, as written (compared exactly, as MySQL does)
 * @param host the host pattern ({@code %} and {@code _} are wildcards), as written
 * @param plugin "mysql_native_password" or "caching_sha2_password"
 * @param authString the stored credential, never null
 * @param grants at most one grant per object, none empty; in {@link #GRANT_ORDER}
 */
public record UserInfo(String user, String host, String plugin, String authString, List<Grant> grants) {

  /** Global first, then databases, then tables, each by name: SHOW GRANTS lists them so. */
  public static final Comparator<Grant> GRANT_ORDER = Comparator.comparing(Grant::level)
      .thenComparing(g -> g.db() == null ? "" : g.db())
      .thenComparing(g -> g.table() == null ? "" : g.table());

  private static final Grant NO_GLOBAL = new Grant(Grant.Level.GLOBAL, null, null, Set.of(), false);

  public UserInfo {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(authString, "authString");
    List<Grant> sorted = new ArrayList<>(grants);
    sorted.removeIf(Grant::isEmpty);
    sorted.sort(GRANT_ORDER);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).sameObject(sorted.get(i - 1))) {
        throw new IllegalArgumentException("two grants on one object for " + user + "@" + host);
      }
    }
    grants = List.copyOf(sorted);
  }

  /** Whether this account is {@code user}@{@code host} (the host compared ignoring case). */
  public boolean is(String user, String host) {
    return this.user.equals(user) && this.host.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
  }

  /** The grant on the object {@code like} names, if any. */
  public Optional<Grant> grantOn(Grant like) {
    return grants.stream().filter(g -> g.sameObject(like)).findFirst();
  }

  /** The global grant (no privileges when there is none). */
  public Grant global() {
    return grantOn(NO_GLOBAL).orElse(NO_GLOBAL);
  }

  /** This account with {@code grant} replacing the grant on the same object (or added). */
  public UserInfo withGrant(Grant grant) {
    List<Grant> next = new ArrayList<>();
    for (Grant g : grants) {
      if (!g.sameObject(grant)) {
        next.add(g);
      }
    }
    next.add(grant);
    return new UserInfo(user, host, plugin, authString, next);
  }

  /** This account with a new credential. */
  public UserInfo withAuth(String plugin, String authString) {
    return new UserInfo(user, host, plugin, authString, grants);
  }

  /** This account under another name, with its grants. */
  public UserInfo renamed(String user, String host) {
    return new UserInfo(user, host, plugin, authString, grants);
  }
}
