package io.cairn.slt;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one script.
 *
 * @param abortReason why the script could not run at all, or null
 */
public record FileResult(
    String file,
    int passed,
    int failed,
    int skipped,
    List<Failure> failures,
    long millis,
    String abortReason) {

  /** One failed record: where, what ran, what was expected and what came back. */
  public record Failure(String file, int line, String sql, String expected, String actual) {
    /** The record's identity in known-failure lists: {@code file:line}. */
    public String id() {
      return file + ":" + line;
    }
  }

  static FileResult aborted(String file, String reason, long startNanos) {
    return new FileResult(
        file, 0, 0, 0, List.of(), (System.nanoTime() - startNanos) / 1_000_000, reason);
  }

  static final class Builder {
    private final String file;
    private int passed;
    private int skipped;
    private final List<Failure> failures = new ArrayList<>();

    Builder(String file) {
      this.file = file;
    }

    void passed() {
      passed++;
    }

    void skipped() {
      skipped++;
    }

    void failed(int line, String sql, String expected, String actual) {
      failures.add(new Failure(file, line, sql, expected, actual));
    }

    FileResult build(long startNanos) {
      return new FileResult(
          file,
          passed,
          failures.size(),
          skipped,
          List.copyOf(failures),
          (System.nanoTime() - startNanos) / 1_000_000,
          null);
    }
  }
}
