package io.cairn.slt;

import io.cairn.slt.SltRecord.Expected;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs one script on one {@link Harness} and checks every record: a statement must succeed or
 * fail as it says; a query's rendered, sorted values must equal the expected ones (or hash to
 * the expected MD5); queries sharing a label must agree.
 */
public final class ScriptRunner {

  /** The format's default: results with more than 8 values are given as a hash. */
  static final int DEFAULT_HASH_THRESHOLD = 8;

  private final Harness harness;

  public ScriptRunner(Harness harness) {
    this.harness = harness;
  }

  /** Runs {@code file} (named {@code name} in results) in a fresh {@code database}. */
  public FileResult run(Path file, String name, String database) {
    long start = System.nanoTime();
    List<SltRecord> records;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      records = SltParser.parse(r, name);
    } catch (IOException | SltFormatException e) {
      return FileResult.aborted(name, "cannot read script: " + e.getMessage(), start);
    }
    try {
      harness.reset(database);
    } catch (Exception e) {
      return FileResult.aborted(name, "cannot create database: " + e.getMessage(), start);
    }
    return run(records, name, start);
  }

  FileResult run(List<SltRecord> records, String name, long startNanos) {
    FileResult.Builder result = new FileResult.Builder(name);
    Map<String, String> labelHashes = new HashMap<>();
    int hashThreshold = DEFAULT_HASH_THRESHOLD;
    for (SltRecord record : records) {
      if (!record.appliesTo(harness.engineName())) {
        if (record instanceof SltRecord.Statement || record instanceof SltRecord.Query) {
          result.skipped();
        }
        continue;
      }
      switch (record) {
        case SltRecord.HashThreshold h -> hashThreshold = h.threshold();
        case SltRecord.Halt h -> {
          return result.build(startNanos);
        }
        case SltRecord.Statement s -> runStatement(s, result);
        case SltRecord.Query q -> runQuery(q, hashThreshold, labelHashes, result);
      }
    }
    return result.build(startNanos);
  }

  private void runStatement(SltRecord.Statement s, FileResult.Builder result) {
    String error = null;
    try {
      harness.runStatement(s.sql());
    } catch (Exception e) {
      error = describe(e);
    }
    if ((error == null) == s.expectOk()) {
      result.passed();
    } else if (s.expectOk()) {
      result.failed(s.line(), s.sql(), "statement ok", "error: " + error);
    } else {
      result.failed(s.line(), s.sql(), "statement error", "statement succeeded");
    }
  }

  private void runQuery(
      SltRecord.Query q,
      int hashThreshold,
      Map<String, String> labelHashes,
      FileResult.Builder result) {
    List<String[]> rows;
    try {
      rows = harness.runQuery(q.sql());
    } catch (Exception e) {
      result.failed(q.line(), q.sql(), describeExpected(q.expected()), "error: " + describe(e));
      return;
    }
    String types = q.types();
    for (String[] row : rows) {
      if (row.length != types.length()) {
        result.failed(
            q.line(),
            q.sql(),
            types.length() + " column(s)",
            row.length + " column(s) returned");
        return;
      }
    }
    List<String> values = renderSorted(rows, types, q.sortMode());
    String hash = md5(values);
    String mismatch = compare(q.expected(), values, hash, hashThreshold);
    if (mismatch == null && q.label() != null) {
      String signature = values.size() + " values hashing to " + hash;
      String previous = labelHashes.putIfAbsent(q.label(), signature);
      if (previous != null && !previous.equals(signature)) {
        mismatch = "label " + q.label() + " earlier gave " + previous + ", now " + signature;
      }
    }
    if (mismatch == null) {
      result.passed();
    } else {
      result.failed(q.line(), q.sql(), describeExpected(q.expected()), mismatch);
    }
  }

  /** Renders every value by its column's type letter and sorts as the sort mode says. */
  static List<String> renderSorted(List<String[]> rows, String types, SltRecord.SortMode sort) {
    List<String[]> rendered = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      String[] r = new String[row.length];
      for (int i = 0; i < row.length; i++) {
        r[i] = ValueRenderer.render(row[i], types.charAt(i));
      }
      rendered.add(r);
    }
    if (sort == SltRecord.SortMode.ROWSORT) {
      rendered.sort(Arrays::compare);
    }
    List<String> values = new ArrayList<>(rendered.size() * types.length());
    for (String[] r : rendered) {
      values.addAll(Arrays.asList(r));
    }
    if (sort == SltRecord.SortMode.VALUESORT) {
      values.sort(null);
    }
    return values;
  }

  /** Null when {@code values} match, else a description of the actual result. */
  private static String compare(
      Expected expected, List<String> values, String hash, int hashThreshold) {
    switch (expected) {
      case null -> {
        return null;
      }
      case Expected.Hash h -> {
        if (h.count() == values.size() && h.md5().equals(hash)) {
          return null;
        }
        return values.size() + " values hashing to " + hash + describeValues(values);
      }
      case Expected.Values v -> {
        if (v.values().equals(values)) {
          return null;
        }
        if (hashThreshold > 0 && values.size() > hashThreshold) {
          return values.size() + " values hashing to " + hash + describeValues(values);
        }
        return String.join("\n", values);
      }
    }
  }

  private static String describeValues(List<String> values) {
    int shown = Math.min(values.size(), 40);
    String head = String.join(" ", values.subList(0, shown));
    return "\n  first values: " + head + (shown < values.size() ? " ..." : "");
  }

  private static String describeExpected(Expected expected) {
    return switch (expected) {
      case null -> "success";
      case Expected.Hash h -> h.count() + " values hashing to " + h.md5();
      case Expected.Values v -> String.join("\n", v.values());
    };
  }

  /** The format's hash: MD5 over every value followed by a newline. */
  static String md5(List<String> values) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (String v : values) {
        md.update(v.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is always available", e);
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    if (e instanceof java.sql.SQLException sql) {
      return "[" + sql.getErrorCode() + "/" + sql.getSQLState() + "] " + message;
    }
    return e.getClass().getSimpleName() + ": " + message;
  }
}
