package io.cairn.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.mysql.MySqlServer;
import io.cairn.mysql.fake.FakeSessionFactory;
import io.cairn.mysql.fake.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Packet-level behaviour, checked byte by byte with a raw socket client. */
class RawProtocolTest {

  private static MySqlServer server;

  @BeforeAll
  static void start() {
    server = TestServers.start(TestServers.config(), new FakeSessionFactory());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawClient login(int caps) throws Exception {
    RawClient c = new RawClient(server.port());
    byte[] reply = c.login("root", "", caps);
    assertThat(RawClient.isOk(reply)).as("login reply").isTrue();
    return c;
  }

  @Test
  void greetingLooksLikeMySql8() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.login("root", "", RawClient.BASE_CAPS);
      PayloadReader r = new PayloadReader(c.greeting);
      assertThat(r.int1()).isEqualTo(10);
      assertThat(r.nulString()).isEqualTo("8.0.11-Cairn-0.1.0");
      assertThat(r.int4()).isPositive();
      byte[] s1 = r.bytes(8);
      assertThat(r.int1()).isZero();
      int capsLow = r.int2();
      assertThat(r.int1()).isEqualTo(45);
      assertThat(r.int2()).isEqualTo(ServerStatus.AUTOCOMMIT);
      int caps = capsLow | r.int2() << 16;
      assertThat(caps & Capabilities.LONG_PASSWORD).as("bit 0: MySQL, not MariaDB").isNotZero();
      assertThat(caps & Capabilities.PROTOCOL_41).isNotZero();
      assertThat(caps & Capabilities.DEPRECATE_EOF).isNotZero();
      assertThat(caps & Capabilities.SSL).as("no TLS configured").isZero();
      assertThat(r.int1()).isEqualTo(21);
      assertThat(r.bytes(10)).as("no MariaDB extended capabilities").containsOnly(0);
      byte[] s2 = r.bytes(12);
      assertThat(r.int1()).isZero();
      assertThat(r.nulString()).isEqualTo("mysql_native_password");
      for (byte b : s1) {
        assertThat(b).isNotZero();
      }
      for (byte b : s2) {
        assertThat(b).isNotZero();
      }
    }
  }

  @Test
  void textResultWithClassicEof() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.query("SELECT 1 AS a, NULL AS b, 'x' AS c");
      List<byte[]> p = c.readResultSet(false);
      assertThat(p).hasSize(1 + 3 + 1 + 1 + 1);
      assertThat(p.get(0)).containsExactly(3);
      PayloadReader def = new PayloadReader(p.get(1));
      assertThat(def.lenencString()).isEqualTo("def");
      def.lenencString();
      def.lenencString();
      def.lenencString();
      assertThat(def.lenencString()).isEqualTo("a");
      assertThat(p.get(4)).containsExactly(0xfe, 0, 0, ServerStatus.AUTOCOMMIT, 0);
      assertThat(p.get(5)).containsExactly(1, '1', 0xfb, 1, 'x');
      assertThat(p.get(6)).containsExactly(0xfe, 0, 0, ServerStatus.AUTOCOMMIT, 0);
    }
  }

  @Test
  void textResultWithDeprecateEof() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS | Capabilities.DEPRECATE_EOF)) {
      c.query("SELECT 7");
      List<byte[]> p = c.readResultSet(true);
      assertThat(p).hasSize(1 + 1 + 1 + 1);
      assertThat(p.get(2)).containsExactly(1, '7');
      assertThat(p.get(3)).containsExactly(0xfe, 0, 0, ServerStatus.AUTOCOMMIT, 0, 0, 0);
    }
  }

  @Test
  void okPacketCarriesAffectedRowsInsertIdStatusAndInfo() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.query("BEGIN");
      assertThat(c.read()).containsExactly(0, 0, 0, ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS, 0, 0, 0);
      c.query("INSERT INTO t VALUES (1),(2)");
      PayloadReader ok = new PayloadReader(c.read());
      assertThat(ok.int1()).isZero();
      assertThat(ok.lenenc()).isEqualTo(2);
      assertThat(ok.lenenc()).isEqualTo(1);
      assertThat(ok.int2()).isEqualTo(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS);
      assertThat(ok.int2()).isZero();
      assertThat(ok.lenencString()).isEqualTo("Records: 2  Duplicates: 0  Warnings: 0");
      c.query("DO WARNING");
      PayloadReader warn = new PayloadReader(c.read());
      warn.skip(3);
      warn.int2();
      assertThat(warn.int2()).isEqualTo(1);
    }
  }

  @Test
  void aClientTrackingSessionStateHearsOfTheNewSchemaInTheOkPacket() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS | Capabilities.SESSION_TRACK | Capabilities.DEPRECATE_EOF)) {
      c.query("USE mysql");
      PayloadReader ok = new PayloadReader(c.read());
      assertThat(ok.int1()).isZero();
      assertThat(ok.lenenc()).isZero();
      assertThat(ok.lenenc()).isZero();
      assertThat(ok.int2()).isEqualTo(ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED);
      assertThat(ok.int2()).isZero();
      assertThat(ok.lenencString()).as("the info, written even when empty").isEmpty();
      PayloadReader state = new PayloadReader(ok.lenencBytes());
      assertThat(state.int1()).as("SESSION_TRACK_SCHEMA").isEqualTo(1);
      PayloadReader schema = new PayloadReader(state.lenencBytes());
      assertThat(schema.lenencString()).isEqualTo("mysql");
      c.query("BEGIN");
      assertThat(c.read()).as("nothing tracked changed").containsExactly(0, 0, 0,
          ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS, 0, 0, 0, 0);
    }
  }

  @Test
  void errorPacketCarriesErrnoAndSqlState() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.query("SELECT * FROM nope");
      byte[] err = c.read();
      assertThat(RawClient.isErr(err)).isTrue();
      assertThat(RawClient.errno(err)).isEqualTo(1146);
      assertThat(new String(err, 3, 6, StandardCharsets.US_ASCII)).isEqualTo("#42S02");
      assertThat(RawClient.message(err)).isEqualTo("Table 'test.nope' doesn't exist");
      c.query("   ");
      assertThat(RawClient.errno(c.read())).isEqualTo(1065);
    }
  }

  @Test
  @Tag("slow") // moves about 200 MB through the loopback; PacketFramerTest covers the framing
  void packetsOf16MiBAndMoreAreSplitAndJoinedBothWays() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS | Capabilities.DEPRECATE_EOF)) {
      for (int size : new int[] {PacketFramer.MAX_CHUNK - 10, 17 * 1024 * 1024, 2 * PacketFramer.MAX_CHUNK}) {
        // COM_QUERY payload = 1 command byte + "SELECT '" + n + "'": pick n for exact sizes
        int n = size - 1 - 9;
        char[] body = new char[n];
        Arrays.fill(body, 'q');
        c.query("SELECT '" + new String(body) + "'");
        List<byte[]> p = c.readResultSet(true);
        byte[] row = p.get(2);
        PayloadReader r = new PayloadReader(row);
        byte[] value = r.lenencBytes();
        assertThat(value.length).as("echoed size for payload %d", size).isEqualTo(n);
        assertThat(value[0]).isEqualTo((byte) 'q');
        assertThat(value[n - 1]).isEqualTo((byte) 'q');
      }
      c.query("SELECT 1");
      assertThat(c.readResultSet(true).get(2)).containsExactly(1, '1');
    }
  }

  @Test
  void maxAllowedPacketIsEnforcedWith1153() throws Exception {
    try (MySqlServer small = TestServers.start(
            TestServers.config().withMaxAllowedPacket(1024 * 1024), new FakeSessionFactory());
        RawClient bad = new RawClient(small.port());
        RawClient good = new RawClient(small.port())) {
      assertThat(RawClient.isOk(bad.login("root", "", RawClient.BASE_CAPS))).isTrue();
      assertThat(RawClient.isOk(good.login("root", "", RawClient.BASE_CAPS))).isTrue();
      bad.query("SELECT '" + "z".repeat(2 * 1024 * 1024) + "'");
      byte[] err = bad.read();
      assertThat(RawClient.errno(err)).isEqualTo(1153);
      assertThat(new String(err, 3, 6, StandardCharsets.US_ASCII)).isEqualTo("#08S01");
      assertThat(bad.closedByServer()).isTrue();
      good.query("SELECT '" + "y".repeat(1000 * 1000) + "'");
      assertThat(good.readResultSet(false)).hasSize(5);
    }
  }

  @Test
  void unknownCommandIs1047AndTheConnectionStaysUsable() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.command(0x7f, new byte[0]);
      assertThat(RawClient.errno(c.read())).isEqualTo(1047);
      c.command(0x0e, new byte[0]); // COM_PING
      assertThat(RawClient.isOk(c.read())).isTrue();
      c.command(0x09, new byte[0]); // COM_STATISTICS
      assertThat(new String(c.read(), StandardCharsets.UTF_8)).startsWith("Uptime: ");
    }
  }

  @Test
  void setOptionTurnsMultiStatementsOnAndOff() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.command(0x1b, new byte[] {0, 0}); // MYSQL_OPTION_MULTI_STATEMENTS_ON
      assertThat(c.read()[0] & 0xff).isEqualTo(0xfe);
      c.query("SELECT 1; SELECT 2");
      List<byte[]> first = c.readResultSet(false);
      PayloadReader eof = new PayloadReader(first.get(first.size() - 1));
      eof.skip(3);
      assertThat(eof.int2() & ServerStatus.MORE_RESULTS_EXISTS).isNotZero();
      List<byte[]> second = c.readResultSet(false);
      assertThat(second.get(3)).containsExactly(1, '2');
      PayloadReader last = new PayloadReader(second.get(second.size() - 1));
      last.skip(3);
      assertThat(last.int2() & ServerStatus.MORE_RESULTS_EXISTS).isZero();
      c.command(0x1b, new byte[] {1, 0}); // OFF: the whole text goes to the session as one
      assertThat(c.read()[0] & 0xff).isEqualTo(0xfe);
      c.query("SELECT 1; SELECT 2");
      assertThat(RawClient.isErr(c.read())).isTrue();
    }
  }

  @Test
  void preparedStatementBinaryProtocol() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.command(0x16, "SELECT ?, ?, ?".getBytes(StandardCharsets.UTF_8));
      PayloadReader ok = new PayloadReader(c.read());
      assertThat(ok.int1()).isZero();
      int id = ok.int4();
      assertThat(ok.int2()).isZero();
      assertThat(ok.int2()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        PayloadReader def = new PayloadReader(c.read());
        for (int k = 0; k < 4; k++) {
          def.lenencString();
        }
        assertThat(def.lenencString()).isEqualTo("?");
      }
      assertThat(c.read()[0] & 0xff).isEqualTo(0xfe);

      ByteArrayOutputStream exec = new ByteArrayOutputStream();
      exec.writeBytes(new byte[] {(byte) id, (byte) (id >> 8), 0, 0, 0, 1, 0, 0, 0});
      exec.write(0b100); // NULL bitmap: the third parameter is NULL
      exec.write(1); // new parameters bound
      exec.writeBytes(new byte[] {8, 0, (byte) 0xfd, 0, 8, 0}); // LONGLONG, VAR_STRING, LONGLONG
      exec.writeBytes(new byte[] {42, 0, 0, 0, 0, 0, 0, 0});
      exec.writeBytes(new byte[] {2, 'h', 'i'});
      c.command(0x17, exec.toByteArray());
      List<byte[]> rs = c.readResultSet(false);
      assertThat(rs).hasSize(1 + 3 + 1 + 1 + 1);
      // binary row: header, NULL bitmap with offset 2 (column 2 → bit 4), then the values
      assertThat(rs.get(5)).containsExactly(0, 0b10000, 42, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i');

      ByteArrayOutputStream again = new ByteArrayOutputStream();
      again.writeBytes(new byte[] {(byte) id, (byte) (id >> 8), 0, 0, 0, 1, 0, 0, 0});
      again.write(0);
      again.write(0); // types remembered from the first execution
      again.writeBytes(new byte[] {7, 0, 0, 0, 0, 0, 0, 0, 1, 'x', 9, 0, 0, 0, 0, 0, 0, 0});
      c.command(0x17, again.toByteArray());
      rs = c.readResultSet(false);
      assertThat(rs.get(5)).containsExactly(0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1, 'x', 9, 0, 0, 0, 0, 0, 0, 0);

      c.command(0x1a, new byte[] {(byte) id, (byte) (id >> 8), 0, 0}); // COM_STMT_RESET
      assertThat(RawClient.isOk(c.read())).isTrue();
      c.command(0x19, new byte[] {(byte) id, (byte) (id >> 8), 0, 0}); // COM_STMT_CLOSE: no reply
      c.command(0x17, again.toByteArray());
      byte[] err = c.read();
      assertThat(RawClient.errno(err)).isEqualTo(1243);
    }
  }

  @Test
  void cursorFetchWithClassicEof() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.command(0x16, "SELECT * FROM seq_5".getBytes(StandardCharsets.UTF_8));
      PayloadReader ok = new PayloadReader(c.read());
      ok.int1();
      int id = ok.int4();
      assertThat(ok.int2()).isEqualTo(2);
      c.read();
      c.read();
      assertThat(c.read()[0] & 0xff).isEqualTo(0xfe);
      byte[] stmt = {(byte) id, (byte) (id >> 8), 0, 0};
      c.command(0x17, new byte[] {stmt[0], stmt[1], 0, 0, 1, 1, 0, 0, 0}); // CURSOR_TYPE_READ_ONLY
      assertThat(c.read()).containsExactly(2);
      c.read();
      c.read();
      PayloadReader opened = new PayloadReader(c.read());
      assertThat(opened.int1()).isEqualTo(0xfe);
      opened.int2();
      assertThat(opened.int2() & ServerStatus.CURSOR_EXISTS).isNotZero();

      c.command(0x1c, new byte[] {stmt[0], stmt[1], 0, 0, 3, 0, 0, 0});
      for (int i = 1; i <= 3; i++) {
        PayloadReader row = new PayloadReader(c.read());
        row.skip(2);
        assertThat(row.int8()).isEqualTo(i);
      }
      PayloadReader more = new PayloadReader(c.read());
      more.skip(3);
      int status = more.int2();
      assertThat(status & ServerStatus.CURSOR_EXISTS).isNotZero();
      assertThat(status & ServerStatus.LAST_ROW_SENT).isZero();

      c.command(0x1c, new byte[] {stmt[0], stmt[1], 0, 0, 3, 0, 0, 0});
      c.read();
      c.read();
      PayloadReader last = new PayloadReader(c.read());
      last.skip(3);
      assertThat(last.int2() & ServerStatus.LAST_ROW_SENT).isNotZero();

      c.command(0x1c, new byte[] {stmt[0], stmt[1], 0, 0, 3, 0, 0, 0});
      assertThat(RawClient.errno(c.read())).isEqualTo(1421);
    }
  }

  @Test
  void fieldListAnswersColumnDefinitions() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.command(0x04, "all_types\0".getBytes(StandardCharsets.UTF_8));
      byte[] first = c.read();
      PayloadReader def = new PayloadReader(first);
      assertThat(def.lenencString()).isEqualTo("def");
      assertThat(def.lenencString()).isEqualTo("test");
      assertThat(def.lenencString()).isEqualTo("all_types");
      def.lenencString();
      assertThat(def.lenencString()).isEqualTo("id");
      def.lenencString();
      def.skip(1 + 2 + 4);
      assertThat(def.int1()).isEqualTo(0x08);
      c.read();
      c.read();
      assertThat(c.read()[0] & 0xff).isEqualTo(0xfe);
      c.command(0x04, "all_types\0c\\_%".getBytes(StandardCharsets.UTF_8));
      c.read();
      c.read();
      assertThat(c.read()[0] & 0xff).isEqualTo(0xfe);
    }
  }

  @Test
  void resetConnectionOpensAFreshSession() throws Exception {
    try (RawClient c = login(RawClient.BASE_CAPS)) {
      c.command(0x16, "SELECT ?".getBytes(StandardCharsets.UTF_8));
      assertThat(RawClient.isOk(c.read())).isTrue();
      c.read();
      c.read();
      c.command(0x1f, new byte[0]);
      assertThat(RawClient.isOk(c.read())).isTrue();
      c.command(0x17, new byte[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0});
      assertThat(RawClient.errno(c.read())).isEqualTo(1243);
    }
  }

  @Test
  void wrongPasswordAndUnknownUserAre1045() throws Exception {
    try (MySqlServer s = TestServers.start(TestServers.config(),
            new FakeSessionFactory().withUser("bob", "pw", "mysql_native_password"));
        RawClient good = new RawClient(s.port());
        RawClient bad = new RawClient(s.port())) {
      assertThat(RawClient.isOk(good.login("bob", "pw", RawClient.BASE_CAPS))).isTrue();
      byte[] err = bad.login("bob", "nope", RawClient.BASE_CAPS);
      assertThat(RawClient.errno(err)).isEqualTo(1045);
      assertThat(new String(err, 3, 6, StandardCharsets.US_ASCII)).isEqualTo("#28000");
      assertThat(bad.closedByServer()).isTrue();
    }
  }
}
