package io.cairn.slt;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Totals of a run, per directory and overall, and their JSON and failure-log forms. */
public record Summary(List<FileResult> files, long wallMillis) {

  public int passed() {
    return files.stream().mapToInt(FileResult::passed).sum();
  }

  public int failed() {
    return files.stream().mapToInt(FileResult::failed).sum();
  }

  public int skipped() {
    return files.stream().mapToInt(FileResult::skipped).sum();
  }

  public List<FileResult> aborted() {
    return files.stream().filter(f -> f.abortReason() != null).toList();
  }

  /** Passed over passed+failed, in percent; 0 when nothing ran. */
  public double passRate() {
    int run = passed() + failed();
    return run == 0 ? 0 : 100.0 * passed() / run;
  }

  /** The closing line: {@code N passed, N failed, N skipped}. */
  public String closingLine() {
    return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
  }

  /** Totals grouped by each script's directory (select1.test etc. under "."). */
  public Map<String, int[]> byDirectory() {
    Map<String, int[]> dirs = new TreeMap<>();
    for (FileResult f : files) {
      int slash = f.file().lastIndexOf('/');
      String dir = slash < 0 ? "." : f.file().substring(0, slash);
      int[] t = dirs.computeIfAbsent(dir, d -> new int[4]);
      t[0]++;
      t[1] += f.passed();
      t[2] += f.failed();
      t[3] += f.skipped();
    }
    return dirs;
  }

  public String directoryTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "| %-28s | %5s | %8s | %6s | %7s | %8s |%n",
        "directory", "files", "passed", "failed", "skipped", "rate"));
    sb.append("|---|---:|---:|---:|---:|---:|\n");
    byDirectory().forEach((dir, t) -> sb.append(String.format(Locale.ROOT,
        "| %-28s | %5d | %8d | %6d | %7d | %7.2f%% |%n", dir, t[0], t[1], t[2], t[3],
        t[1] + t[2] == 0 ? 0.0 : 100.0 * t[1] / (t[1] + t[2]))));
    return sb.toString();
  }

  /** Writes {@code summary.json} and {@code failures.log} into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("summary.json"), StandardCharsets.UTF_8))) {
      w.printf(Locale.ROOT, "{%n  \"passed\": %d,%n  \"failed\": %d,%n  \"skipped\": %d,%n",
          passed(), failed(), skipped());
      w.printf(Locale.ROOT, "  \"passRate\": %.4f,%n  \"wallSeconds\": %.1f,%n  \"files\": [%n",
          passRate(), wallMillis / 1000.0);
      for (int i = 0; i < files.size(); i++) {
        FileResult f = files.get(i);
        w.printf(Locale.ROOT,
            "    {\"file\": %s, \"passed\": %d, \"failed\": %d, \"skipped\": %d, \"seconds\": %.1f%s}%s%n",
            json(f.file()), f.passed(), f.failed(), f.skipped(), f.millis() / 1000.0,
            f.abortReason() == null ? "" : ", \"aborted\": " + json(f.abortReason()),
            i + 1 < files.size() ? "," : "");
      }
      w.printf("  ]%n}%n");
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("failures.log"), StandardCharsets.UTF_8))) {
      for (FileResult f : files) {
        if (f.abortReason() != null) {
          w.printf("=== %s ABORTED: %s%n%n", f.file(), f.abortReason());
        }
        for (FileResult.Failure x : f.failures()) {
          w.printf("=== %s%n--- sql%n%s%n--- expected%n%s%n--- actual%n%s%n%n",
              x.id(), x.sql(), x.expected(), x.actual());
        }
      }
    }
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
