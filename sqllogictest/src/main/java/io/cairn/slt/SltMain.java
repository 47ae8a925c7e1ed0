package io.cairn.slt;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/cairn-sqllogictest}: runs sqllogictest scripts and gates on the results. */
@Command(
    name = "cairn-sqllogictest",
    mixinStandardHelpOptions = true,
    description = "Runs sqllogictest scripts (engine name: mysql) against a MySQL-protocol server or Cairn in-process.")
public final class SltMain implements Callable<Integer> {

  /** Where the scripts run: exactly one of a server over JDBC or Cairn in this process. */
  static final class Target {
    @Option(
        names = "--jdbc",
        required = true,
        description = "JDBC URL of the server, e.g. jdbc:mysql://127.0.0.1:4000/?user=root")
    String jdbcUrl;

    @Option(
        names = "--embedded",
        required = true,
        description = "Run Cairn's SQL layer in this process on the store given by --store")
    boolean embedded;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(
      names = "--store",
      description = "Store of --embedded: unistore://NAME or embedded://PATH (default: ${DEFAULT-VALUE})")
  String storeUrl = "unistore://sqllogictest";

  @Option(names = "--root", description = "Directory script names are relative to (default: .)")
  Path root = Path.of(".");

  @Option(names = "--jobs", description = "Scripts run in parallel (default: ${DEFAULT-VALUE})")
  int jobs = 2;

  @Option(names = "--timeout", description = "Per-statement timeout in seconds (default: ${DEFAULT-VALUE})")
  int timeoutSeconds = 120;

  @Option(names = "--report-dir", description = "Where summary.json and failures.log go (default: ${DEFAULT-VALUE})")
  Path reportDir = Path.of("target", "sqllogictest");

  @Option(
      names = "--known-failures",
      description = "File of 'file:line reason' lines; with it, only unlisted failures (or listed records that now pass) fail the run")
  Path knownFailures;

  @Option(names = "--min-pass-rate", description = "Fail when the pass rate in percent is below this")
  double minPassRate = 0;

  @Option(names = "--no-gate", description = "Report only: exit 0 whatever the results")
  boolean noGate;

  @Parameters(arity = "1..*", paramLabel = "SCRIPT", description = ".test files or directories of them")
  List<Path> scripts;

  @Override
  public Integer call() throws Exception {
    KnownFailures known = knownFailures == null ? KnownFailures.none() : KnownFailures.load(knownFailures);
    List<ConformanceRun.Script> found = ConformanceRun.findScripts(root, scripts);
    long start = System.nanoTime();
    Summary summary;
    if (target.embedded) {
      try (InProcessEngine engine = InProcessEngine.open(storeUrl, SltMain.class.getClassLoader())) {
        ConformanceRun run = new ConformanceRun(engine::newHarness, jobs, timeoutSeconds, System.out);
        summary = new Summary(run.run(found), (System.nanoTime() - start) / 1_000_000);
      }
    } else {
      String jdbcUrl = target.jdbcUrl;
      ConformanceRun run = new ConformanceRun(() -> new JdbcHarness(jdbcUrl), jobs, timeoutSeconds, System.out);
      summary = new Summary(run.run(found), (System.nanoTime() - start) / 1_000_000);
    }
    summary.write(reportDir);
    System.out.println();
    System.out.print(summary.directoryTable());
    System.out.printf(Locale.ROOT, "pass rate %.3f%%, wall time %.1f s, report in %s%n",
        summary.passRate(), summary.wallMillis() / 1000.0, reportDir);
    boolean gateFailed = false;
    if (!summary.aborted().isEmpty()) {
      System.out.println("scripts that could not run: " + summary.aborted().size());
      gateFailed = true;
    }
    if (knownFailures != null) {
      Set<String> unexpected = known.unexpected(summary);
      Set<String> fixed = known.nowPassing(summary);
      unexpected.forEach(id -> System.out.println("new failure: " + id));
      fixed.forEach(id -> System.out.println("now passes, remove from the known-failures list: " + id));
      gateFailed |= !unexpected.isEmpty() || !fixed.isEmpty();
    } else {
      gateFailed |= summary.failed() > 0;
    }
    if (summary.passRate() < minPassRate) {
      System.out.printf(Locale.ROOT, "pass rate %.3f%% is below the floor %.3f%%%n", summary.passRate(), minPassRate);
      gateFailed = true;
    }
    System.out.println(summary.closingLine());
    return gateFailed && !noGate ? 1 : 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SltMain()).execute(args));
  }
}
