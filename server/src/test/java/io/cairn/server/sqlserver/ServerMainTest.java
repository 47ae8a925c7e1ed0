package io.cairn.server.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerMainTest {

  @TempDir Path dir;

  private static ServerMain parse(String... args) {
    CommandLine cli = ServerMain.commandLine(args);
    cli.parseArgs(args);
    return cli.getCommand();
  }

  @Test
  void defaultsAreTheEmbeddedStoreOnMySqlsUsualPorts() {
    ServerMain m = parse();
    assertThat(m.store).isEqualTo("embedded://./data");
    assertThat(m.port).isEqualTo(4000);
    assertThat(m.statusPort).isEqualTo(10080);
    assertThat(m.host).isEqualTo("127.0.0.1");
  }

  @Test
  void aConfigFileSuppliesDefaultsAndTheCommandLineWins() throws Exception {
    Path file = dir.resolve("cairn.properties");
    Files.writeString(file, "store=unistore://conf\nport=4100\nstatus-port=-1\nshutdown-grace=PT5S\n");
    ServerMain fromFile = parse("--config", file.toString());
    assertThat(fromFile.store).isEqualTo("unistore://conf");
    assertThat(fromFile.port).isEqualTo(4100);
    assertThat(fromFile.statusPort).isEqualTo(-1);
    assertThat(fromFile.shutdownGrace).isEqualTo(Duration.ofSeconds(5));
    ServerMain overridden = parse("--config=" + file, "--port", "4200");
    assertThat(overridden.port).isEqualTo(4200);
    assertThat(overridden.store).isEqualTo("unistore://conf");
  }

  @Test
  void aMissingConfigFileIsAnError() {
    assertThatThrownBy(() -> ServerMain.commandLine(new String[] {"--config", dir.resolve("nope").toString()}))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("config file not found");
  }

  @Test
  void selfSignedCertificatesLiveBesideEmbeddedData() {
    assertThat(ServerMain.generatedTlsDir("embedded:///var/lib/cairn?x=1", 4000)).isEqualTo(Path.of("/var/lib/cairn/tls"));
    assertThat(ServerMain.generatedTlsDir("unistore://", 4001).getFileName().toString()).isEqualTo("cairn-tls-4001");
  }
}
