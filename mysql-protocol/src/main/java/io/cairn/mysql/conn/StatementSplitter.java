package io.cairn.mysql.conn;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multi-statement COM_QUERY text at the semicolons that end statements. Semicolons
 * inside quoted strings ({@code '...'}, {@code "..."}, with backslash escapes and doubled
 * quotes), quoted identifiers ({@code `...`}) and comments ({@code -- }, {@code #}, {@code
 * /* ... *}{@code /}) do not split. Pieces holding only whitespace and plain comments are
 * dropped; versioned comments ({@code /*! ... *}{@code /}) count as content.
 */
public final class StatementSplitter {

  private StatementSplitter() {}

  public static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    boolean content = false;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      switch (c) {
        case '\'', '"', '`' -> {
          i = skipQuoted(sql, i, c);
          content = true;
          continue;
        }
        case '#' -> {
          i = skipLine(sql, i);
          continue;
        }
        case '-' -> {
          if (i + 2 <= n && sql.startsWith("--", i)
              && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2)))) {
            i = skipLine(sql, i);
            continue;
          }
          content = true;
        }
        case '/' -> {
          if (sql.startsWith("/*", i)) {
            boolean versioned = i + 2 < n && (sql.charAt(i + 2) == '!' || sql.charAt(i + 2) == '+');
            int end = sql.indexOf("*/", i + 2);
            i = end < 0 ? n : end + 2;
            content |= versioned;
            continue;
          }
          content = true;
        }
        case ';' -> {
          if (content) {
            out.add(sql.substring(start, i).strip());
          }
          start = i + 1;
          content = false;
        }
        default -> {
          if (!Character.isWhitespace(c)) {
            content = true;
          }
        }
      }
      i++;
    }
    if (content) {
      out.add(sql.substring(start).strip());
    }
    return out;
  }

  private static int skipQuoted(String sql, int i, char quote) {
    int n = sql.length();
    int j = i + 1;
    while (j < n) {
      char c = sql.charAt(j);
      if (c == '\\' && quote != '`') {
        j += 2;
        continue;
      }
      if (c == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return n;
  }

  private static int skipLine(String sql, int i) {
    int end = sql.indexOf('\n', i);
    return end < 0 ? sql.length() : end + 1;
  }
}
