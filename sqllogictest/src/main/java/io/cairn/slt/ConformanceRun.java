package io.cairn.slt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs many scripts in parallel, one harness (connection) per worker, and gathers their
 * results. Each script runs in its own fresh database.
 */
public final class ConformanceRun {

  /** Opens a harness for one worker. */
  @FunctionalInterface
  public interface HarnessFactory {
    Harness open() throws Exception;
  }

  private final HarnessFactory harnesses;
  private final int jobs;
  private final int timeoutSeconds;
  private final PrintStream progress;

  public ConformanceRun(HarnessFactory harnesses, int jobs, int timeoutSeconds, PrintStream progress) {
    this.harnesses = harnesses;
    this.jobs = jobs;
    this.timeoutSeconds = timeoutSeconds;
    this.progress = progress;
  }

  /** A script file and the name it is reported under (its path relative to the corpus root). */
  public record Script(Path path, String name) {}

  /** The {@code .test} files under {@code paths} (files or directories), sorted by name. */
  public static List<Script> findScripts(Path root, List<Path> paths) throws IOException {
    List<Script> scripts = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".test"))
              .forEach(f -> scripts.add(new Script(f, nameOf(root, f))));
        }
      } else if (Files.isRegularFile(p)) {
        scripts.add(new Script(p, nameOf(root, p)));
      } else {
        throw new IOException("no such script or directory: " + p);
      }
    }
    scripts.sort(Comparator.comparing(Script::name));
    return scripts;
  }

  private static String nameOf(Path root, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path r = root.toAbsolutePath().normalize();
    return (abs.startsWith(r) ? r.relativize(abs) : abs).toString().replace('\\', '/');
  }

  /** Runs every script; results come back in script order. */
  public List<FileResult> run(List<Script> scripts) throws InterruptedException {
    ConcurrentLinkedQueue<Script> queue = new ConcurrentLinkedQueue<>(scripts);
    ConcurrentLinkedQueue<FileResult> results = new ConcurrentLinkedQueue<>();
    AtomicInteger dbCounter = new AtomicInteger();
    int workers = Math.max(1, Math.min(jobs, scripts.size()));
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(() -> work(queue, results, dbCounter)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a worker failed", e.getCause());
        }
      }
    }
    List<FileResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparing(FileResult::file));
    return sorted;
  }

  private void work(
      ConcurrentLinkedQueue<Script> queue,
      ConcurrentLinkedQueue<FileResult> results,
      AtomicInteger dbCounter) {
    Script script;
    Harness harness = null;
    try {
      while ((script = queue.poll()) != null) {
        if (harness == null) {
          try {
            harness = harnesses.open();
            harness.setStatementTimeoutSeconds(timeoutSeconds);
          } catch (Exception e) {
            results.add(FileResult.aborted(script.name(), "cannot connect: " + e, System.nanoTime()));
            harness = null;
            continue;
          }
        }
        String db = "slt_" + dbCounter.incrementAndGet();
        FileResult r = new ScriptRunner(harness).run(script.path(), script.name(), db);
        results.add(r);
        report(r);
        try {
          harness.runStatement("DROP DATABASE IF EXISTS `" + db + "`");
        } catch (Exception e) {
          // A connection that cannot even drop its database is broken: open a new one.
          closeQuietly(harness);
          harness = null;
        }
      }
    } finally {
      if (harness != null) {
        closeQuietly(harness);
      }
    }
  }

  private synchronized void report(FileResult r) {
    if (r.abortReason() != null) {
      progress.printf("%-60s ABORTED: %s%n", r.file(), r.abortReason());
    } else {
      progress.printf(
          "%-60s %7d passed %6d failed %6d skipped %8.1f s%n",
          r.file(), r.passed(), r.failed(), r.skipped(), r.millis() / 1000.0);
    }
  }

  private static void closeQuietly(Harness h) {
    try {
      h.close();
    } catch (Exception ignored) {
      // closing a broken connection may fail; nothing is lost
    }
  }
}
