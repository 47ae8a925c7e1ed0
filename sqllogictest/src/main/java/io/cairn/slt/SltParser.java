package io.cairn.slt;

import io.cairn.slt.SltRecord.Condition;
import io.cairn.slt.SltRecord.Expected;
import io.cairn.slt.SltRecord.SortMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the sqllogictest format. Records are separated by blank lines; lines starting with
 * {@code #} are comments; trailing whitespace (including a CR) is ignored. The expected result
 * of a query is one value per line, or a single line {@code N values hashing to MD5}.
 */
public final class SltParser {

  private static final Pattern HASH_LINE =
      Pattern.compile("(\\d+) values hashing to ([0-9a-f]{32})");

  private final BufferedReader in;
  private final String source;
  private int lineNo;
  private boolean separatorSeen;

  private SltParser(Reader reader, String source) {
    this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    this.source = source;
  }

  /** Parses a whole script; {@code source} names it in error messages. */
  public static List<SltRecord> parse(Reader reader, String source) {
    return new SltParser(reader, source).parseAll();
  }

  private List<SltRecord> parseAll() {
    List<SltRecord> records = new ArrayList<>();
    List<Condition> conditions = new ArrayList<>();
    String line;
    while ((line = nextLine()) != null) {
      if (line.isEmpty() || line.startsWith("#")) {
        if (line.isEmpty()) {
          // As in the reference runner, a blank line ends a record block: conditions that no
          // record followed are dropped.
          conditions.clear();
        }
        continue;
      }
      String[] words = line.trim().split("\\s+");
      int at = lineNo;
      switch (words[0]) {
        case "skipif", "onlyif" -> {
          requireWords(words, 2);
          conditions.add(new Condition(words[0].equals("onlyif"), words[1]));
          continue;
        }
        case "statement" -> {
          requireWords(words, 2);
          boolean ok =
              switch (words[1]) {
                case "ok" -> true;
                case "error" -> false;
                default -> throw error("expected 'statement ok' or 'statement error'");
              };
          records.add(new SltRecord.Statement(at, List.copyOf(conditions), ok, readSql(false)));
        }
        case "query" -> {
          requireWords(words, 2);
          SortMode sort = words.length > 2 ? SortMode.parse(words[2]) : SortMode.NOSORT;
          String label = words.length > 3 ? words[3] : null;
          String sql = readSql(true);
          Expected expected = readExpected();
          records.add(
              new SltRecord.Query(at, List.copyOf(conditions), words[1], sort, label, sql, expected));
        }
        case "hash-threshold" -> {
          requireWords(words, 2);
          records.add(
              new SltRecord.HashThreshold(at, List.copyOf(conditions), parseInt(words[1])));
        }
        case "halt" -> records.add(new SltRecord.Halt(at, List.copyOf(conditions)));
        default -> throw error("unknown record '" + words[0] + "'");
      }
      conditions.clear();
    }
    return records;
  }

  /** SQL lines up to a blank line (or, for a query, up to the {@code ----} line). */
  private String readSql(boolean query) {
    StringBuilder sql = new StringBuilder();
    separatorSeen = false;
    String line;
    while ((line = nextLine()) != null && !line.isEmpty()) {
      if (query && line.equals("----")) {
        separatorSeen = true;
        break;
      }
      if (!sql.isEmpty()) {
        sql.append('\n');
      }
      sql.append(line);
    }
    if (sql.isEmpty()) {
      throw error("record without SQL");
    }
    return sql.toString();
  }

  private Expected readExpected() {
    if (!separatorSeen) {
      return null;
    }
    String line;
    List<String> values = new ArrayList<>();
    while ((line = nextLine()) != null && !line.isEmpty()) {
      values.add(line);
    }
    if (values.size() == 1) {
      Matcher m = HASH_LINE.matcher(values.get(0));
      if (m.matches()) {
        return new Expected.Hash(Integer.parseInt(m.group(1)), m.group(2));
      }
    }
    return new Expected.Values(List.copyOf(values));
  }

  private String nextLine() {
    try {
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      lineNo++;
      return line.stripTrailing();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + source, e);
    }
  }

  private void requireWords(String[] words, int n) {
    if (words.length < n) {
      throw error("'" + words[0] + "' needs " + (n - 1) + " argument(s)");
    }
  }

  private int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw error("not a number: " + s);
    }
  }

  private SltFormatException error(String message) {
    return new SltFormatException(source + ":" + lineNo + ": " + message);
  }
}
