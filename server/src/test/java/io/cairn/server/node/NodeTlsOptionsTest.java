package io.cairn.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.tls.TlsFileException;
import io.cairn.proto.tls.TlsSettings;
import io.cairn.server.pd.PdMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The TLS options of the launchers: flags, the {@code security.*} config keys, and refusals. */
class NodeTlsOptionsTest {

  @TempDir Path dir;

  private static NodeMain parseNode(String... args) {
    CommandLine cli = NodeMain.commandLine(args);
    cli.parseArgs(args);
    return cli.getCommand();
  }

  @Test
  void configFileSecurityKeysSetTheCertificates() throws Exception {
    Path conf = dir.resolve("node.properties");
    Files.writeString(conf, "security.ca-path=/etc/cairn/ca.pem\n"
        + "security.cert-path=/etc/cairn/node.pem\n"
        + "security.key-path=/etc/cairn/node.key\n"
        + "security.cert-allowed-cn=pd,node\n"
        + "security.cert-refresh-interval=5s\n");
    NodeMain node = parseNode("--pd", "127.0.0.1:2379", "--data-dir", dir.toString(),
        "--config", conf.toString());
    TlsSettings s = node.tls.settings();
    assertThat(s.caPath()).isEqualTo(Path.of("/etc/cairn/ca.pem"));
    assertThat(s.certPath()).isEqualTo(Path.of("/etc/cairn/node.pem"));
    assertThat(s.keyPath()).isEqualTo(Path.of("/etc/cairn/node.key"));
    assertThat(s.allowedCommonNames()).isEqualTo(Set.of("pd", "node"));
    assertThat(s.refreshPeriod()).isEqualTo(Duration.ofSeconds(5));

    NodeMain overridden = parseNode("--pd", "127.0.0.1:2379", "--data-dir", dir.toString(),
        "--config", conf.toString(), "--cert", "/other/node.pem");
    assertThat(overridden.tls.settings().certPath()).isEqualTo(Path.of("/other/node.pem"));
  }

  @Test
  void noCertificatesMeanPlaintextAndSomeAreRefused() {
    assertThat(parseNode("--pd", "127.0.0.1:2379", "--data-dir", dir.toString()).tls.settings())
        .isEqualTo(TlsSettings.NONE);
    NodeMain caOnly = parseNode("--pd", "127.0.0.1:2379", "--data-dir", dir.toString(),
        "--cacert", "ca.pem");
    assertThatThrownBy(() -> caOnly.tls.settings()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cacert, --cert and --key");
    NodeMain cnOnly = parseNode("--pd", "127.0.0.1:2379", "--data-dir", dir.toString(),
        "--cert-allowed-cn", "x");
    assertThatThrownBy(() -> cnOnly.tls.settings()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unreadableCertificatesStopTheStartWithTheFileNamed() {
    Path missing = dir.resolve("missing-ca.pem");
    NodeMain node = parseNode("--pd", "127.0.0.1:2379", "--data-dir", dir.toString(),
        "--cacert", missing.toString(), "--cert", "n.pem", "--key", "n.key");
    assertThatThrownBy(node::start).isInstanceOf(TlsFileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void pdTakesTheSameFlags() {
    PdMain pd = new PdMain();
    new CommandLine(pd).parseArgs("--data-dir", dir.toString(), "--cacert", "ca.pem", "--cert",
        "pd.pem", "--key", "pd.key");
    assertThat(pd.tlsSettings()).isEqualTo(TlsSettings.of(Path.of("ca.pem"), Path.of("pd.pem"),
        Path.of("pd.key")).withRefreshPeriod(Duration.ofSeconds(30)));
  }
}
