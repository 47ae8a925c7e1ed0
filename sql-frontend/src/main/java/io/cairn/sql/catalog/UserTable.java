package io.cairn.sql.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The accounts of one catalog version, and MySQL's rule for which account a connection is.
 *
 * <p>A host pattern matches a client host as MySQL's {@code LIKE} would ({@code %} any run of
 * characters, {@code _} one character, ignoring case); the pattern {@code localhost} also
 * matches the loopback addresses {@code 127.0.0.1} and {@code ::1}, which is how a local client
 * arrives over TCP. When several accounts of a user match, the most specific host wins, as in
 * MySQL's sorted {@code mysql.user}: hosts without wildcards first, then patterns by the
 * length of their literal prefix (longest first), {@code %} last. Immutable and thread-safe.
 */
public final class UserTable {

  private static final Comparator<UserInfo> SPECIFIC_FIRST =
      Comparator.comparingInt((UserInfo u) -> -specificity(u.host()))
          .thenComparing(UserInfo::user)
          .thenComparing(u -> u.host().toLowerCase(Locale.ROOT));

  private final List<UserInfo> users;

  public UserTable(Collection<UserInfo> users) {
    List<UserInfo> sorted = new ArrayList<>(users);
    sorted.sort(SPECIFIC_FIRST);
    this.users = List.copyOf(sorted);
  }

  public static UserTable empty() {
    return new UserTable(List.of());
  }

  /** Every account, most specific host first. */
  public List<UserInfo> all() {
    return users;
  }

  /** The account named exactly {@code user}@{@code host} (host compared ignoring case). */
  public Optional<UserInfo> account(String user, String host) {
    return users.stream().filter(u -> u.is(user, host)).findFirst();
  }

  /** The account a connection of {@code user} from {@code clientHost} is, if any. */
  public Optional<UserInfo> match(String user, String clientHost) {
    String client = clientHost == null ? "" : clientHost;
    for (UserInfo u : users) {
      if (u.user().equals(user) && hostMatches(u.host(), client)) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  static boolean hostMatches(String pattern, String client) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String c = client.toLowerCase(Locale.ROOT);
    if (p.equals("localhost") && (c.equals("127.0.0.1") || c.equals("::1")
        || c.equals("0:0:0:0:0:0:0:1"))) {
      return true;
    }
    return like(p, 0, c, 0);
  }

  private static boolean like(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char ch = p.charAt(pi);
      if (ch == '%') {
        for (int k = si; k <= s.length(); k++) {
          if (like(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (ch != '_' && ch != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  /** Larger is more specific: literal hosts beat every pattern, longer literal prefixes win. */
  private static int specificity(String host) {
    int wildcard = firstWildcard(host);
    return wildcard < 0 ? Integer.MAX_VALUE : wildcard;
  }

  private static int firstWildcard(String host) {
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) == '%' || host.charAt(i) == '_') {
        return i;
      }
    }
    return -1;
  }
}
