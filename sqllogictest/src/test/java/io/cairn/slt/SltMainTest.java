package io.cairn.slt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SltMainTest {

  private static SltMain parse(String... args) {
    CommandLine cli = new CommandLine(new SltMain());
    cli.parseArgs(args);
    return cli.getCommand();
  }

  @Test
  void runsEitherOverJdbcOrInProcess() {
    assertThat(parse("--jdbc", "jdbc:mysql://h/", "x.test").target.jdbcUrl).isEqualTo("jdbc:mysql://h/");
    SltMain embedded = parse("--embedded", "x.test");
    assertThat(embedded.target.embedded).isTrue();
    assertThat(embedded.storeUrl).isEqualTo("unistore://sqllogictest");
  }

  @Test
  void exactlyOneTargetIsRequired() {
    assertThatThrownBy(() -> parse("--jdbc", "jdbc:mysql://h/", "--embedded", "x.test"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("mutually exclusive");
    assertThatThrownBy(() -> parse("x.test"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("Missing required");
  }

  @Test
  void withoutTheServerModuleThereIsNoInProcessEngine() {
    assertThatThrownBy(() -> InProcessEngine.open("unistore://x", SltMainTest.class.getClassLoader()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no in-process Cairn engine");
  }
}
