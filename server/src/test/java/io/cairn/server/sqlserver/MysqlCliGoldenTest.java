package io.cairn.server.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.kv.DriverRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each {@code cli/*.sql} script through the stock {@code mysql} command-line client
 * (Debian's MariaDB client) against a server on {@code unistore://} and compares what the
 * client printed with {@code cli/NAME.out}. The parts that change from run to run (timings,
 * connection id, port, uptime, the client's own version) are masked first.
 *
 * <p>Regenerate the golden files with {@code -Dcairn.golden.overwrite=true} and review the
 * diff. Without a {@code mysql} binary the test is skipped, unless {@code
 * -Dcairn.test.requireMysqlCli=true} (set by {@code .ci/run}) makes that a failure.
 */
class MysqlCliGoldenTest {

  private static final List<Mask> MASKS = List.of(
      new Mask("\\(\\d+\\.\\d+ sec\\)", "(N sec)"),
      new Mask("(?m)^\\S*(mysql|mariadb)\\s+Ver .*$", "CLIENT VERSION"),
      new Mask("(?m)^(Connection id:\\s+)\\d+$", "$1N"),
      new Mask("(?m)^(TCP port:\\s+)\\d+$", "$1PORT"),
      new Mask("(?m)^(Uptime:\\s+).*$", "$1UPTIME"),
      new Mask("(?m)^Threads: .*$", "THREADS AND QUERIES"));

  private record Mask(String regex, String replacement) {
    String apply(String s) {
      return Pattern.compile(regex).matcher(s).replaceAll(replacement);
    }
  }

  private static CairnServer server;

  @BeforeAll
  static void start() throws IOException {
    ServerConfig config = new ServerConfig("unistore://cli-golden", "127.0.0.1", 0, -1, 10, Duration.ofSeconds(5), null);
    server = CairnServer.start(config, DriverRegistry.load(MysqlCliGoldenTest.class.getClassLoader()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<String> scripts() throws IOException, URISyntaxException {
    Path dir = Path.of(MysqlCliGoldenTest.class.getResource("/cli").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void cliOutputMatchesGolden(String name) throws Exception {
    String cli = mysqlBinary();
    Path script = Path.of(getClass().getResource("/cli/" + name + ".sql").toURI());
    Path stderr = Files.createTempFile("cairn-cli-" + name, ".err");
    Process p = new ProcessBuilder(cli, "--no-defaults", "-h127.0.0.1", "-P" + server.port(), "-uroot",
        "--skip-ssl", "--table", "--force", "-vvv")
        .redirectInput(script.toFile())
        .redirectError(stderr.toFile())
        .start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("mysql CLI finished").isTrue();
    // The client buffers stdout but not stderr: the two are kept apart so the order is stable.
    String actual = output + "---- stderr ----\n" + Files.readString(stderr);
    for (Mask m : MASKS) {
      actual = m.apply(actual);
    }
    Files.delete(stderr);
    Path golden = sourceDir().resolve(name + ".out");
    if (Boolean.getBoolean("cairn.golden.overwrite")) {
      Files.writeString(golden, actual);
      return;
    }
    assertThat(golden).as("golden file %s (create it with -Dcairn.golden.overwrite=true)", golden).exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  /** The golden files in the source tree, so an overwrite lands where git sees it. */
  private static Path sourceDir() {
    return Path.of(System.getProperty("user.dir"), "src", "test", "resources", "cli");
  }

  private static String mysqlBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : new String[] {"mysql", "mariadb"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    boolean required = Boolean.getBoolean("cairn.test.requireMysqlCli");
    assertThat(required).as("the mysql CLI is required (cairn.test.requireMysqlCli) but not on PATH").isFalse();
    assumeTrue(false, "no mysql CLI on PATH; install Debian's mariadb-client to run this test");
    throw new AssertionError("unreachable");
  }
}
