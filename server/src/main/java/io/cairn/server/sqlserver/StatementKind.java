package io.cairn.server.sqlserver;

import java.util.Locale;
import java.util.Set;

/**
 * The label a statement is counted under in the metrics: its leading keyword, lower case, when
 * it is one of a fixed set (so a client cannot blow up the label space), else {@code other}.
 */
final class StatementKind {

  private static final Set<String> KNOWN = Set.of(
      "select", "insert", "update", "delete", "replace", "begin", "start", "commit", "rollback",
      "set", "show", "use", "create", "drop", "alter", "truncate", "rename", "explain", "describe",
      "desc", "admin", "kill", "with", "grant", "revoke", "analyze", "values", "table", "do");

  private StatementKind() {}

  static String of(String sql) {
    int i = skipSpaceAndComments(sql, 0);
    int start = i;
    while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
    return KNOWN.contains(word) ? word : "other";
  }

  private static int skipSpaceAndComments(String sql, int i) {
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("/*", i) && !sql.startsWith("/*!", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else if (sql.startsWith("/*!", i)) {
        i += 3;
        while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
          i++;
        }
      } else if (c == '#' || sql.startsWith("-- ", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else {
        break;
      }
    }
    return i;
  }
}
