package io.cairn.mysql.conn;

/**
 * SQL LIKE matching ({@code %} any run, {@code _} one character, backslash escapes),
 * case-insensitive, for COM_FIELD_LIST's column wildcard.
 */
final class LikePattern {

  private LikePattern() {}

  static boolean matches(String pattern, String text) {
    return match(pattern.toLowerCase(java.util.Locale.ROOT), 0,
        text.toLowerCase(java.util.Locale.ROOT), 0);
  }

  private static boolean match(String p, int pi, String t, int ti) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '%') {
        for (int k = ti; k <= t.length(); k++) {
          if (match(p, pi + 1, t, k)) {
            return true;
          }
        }
        return false;
      }
      if (ti >= t.length()) {
        return false;
      }
      if (c == '\\' && pi + 1 < p.length()) {
        c = p.charAt(++pi);
        if (t.charAt(ti) != c) {
          return false;
        }
      } else if (c != '_' && t.charAt(ti) != c) {
        return false;
      }
      pi++;
      ti++;
    }
    return ti == t.length();
  }
}
