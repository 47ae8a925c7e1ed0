package io.cairn.mysql.conn;

import io.cairn.mysql.auth.AuthExchange;
import io.cairn.mysql.auth.Authenticator;
import io.cairn.mysql.auth.Scrambles;
import io.cairn.mysql.wire.Capabilities;
import io.cairn.mysql.wire.ConnectionClosedException;
import io.cairn.mysql.wire.MalformedPacketException;
import io.cairn.mysql.wire.Packet;
import io.cairn.mysql.wire.PacketOutput;
import io.cairn.mysql.wire.PacketTooLarge;
import io.cairn.mysql.wire.PayloadReader;
import io.cairn.mysql.wire.PayloadWriter;
import io.cairn.mysql.wire.ServerStatus;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SessionFactory.Account;
import io.cairn.sql.session.SessionStateChange;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, authentication and the command phase, run as plain
 * blocking code on the connection's own virtual thread. The Netty event loop only frames
 * packets and queues them here ({@link #received}), so a slow statement blocks nothing but its
 * own connection, and commands run one at a time in arrival order.
 *
 * <p>Thread-safety: everything runs on the connection thread except {@link #received}, {@link
 * #writabilityChanged}, {@link #channelClosed} (event loop) and {@link #kill}, {@link
 * #shutdown} (any thread).
 */
public final class MySqlConnection {

  private static final Logger LOG = LoggerFactory.getLogger(MySqlConnection.class);

  private static final int COM_SLEEP = 0x00;
  private static final int COM_QUIT = 0x01;
  private static final int COM_INIT_DB = 0x02;
  private static final int COM_QUERY = 0x03;
  private static final int COM_FIELD_LIST = 0x04;
  private static final int COM_STATISTICS = 0x09;
  private static final int COM_PROCESS_KILL = 0x0c;
  private static final int COM_PING = 0x0e;
  private static final int COM_CHANGE_USER = 0x11;
  private static final int COM_STMT_PREPARE = 0x16;
  private static final int COM_STMT_EXECUTE = 0x17;
  private static final int COM_STMT_SEND_LONG_DATA = 0x18;
  private static final int COM_STMT_CLOSE = 0x19;
  private static final int COM_STMT_RESET = 0x1a;
  private static final int COM_SET_OPTION = 0x1b;
  private static final int COM_STMT_FETCH = 0x1c;
  private static final int COM_RESET_CONNECTION = 0x1f;

  private static final int CHARSET_UTF8MB4_GENERAL_CI = 45;
  private static final Pattern KILL =
      Pattern.compile("(?is)\\s*KILL\\s+(?:(QUERY|CONNECTION)\\s+)?(\\d+)\\s*;?\\s*");

  private static final Object CLOSED = new Object();
  private static final Object SHUTDOWN = new Object();
  private static final int INBOUND_HIGH = 16;
  private static final int INBOUND_LOW = 4;
  private static final Duration LINGER = Duration.ofSeconds(2);

  private final long id;
  private final String host;
  private final Channel channel;
  private final ServerContext server;
  private final LinkedBlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
  private final PacketOutput out;
  private final Map<Integer, StatementState> statements = new HashMap<>();

  private volatile Session session;
  private volatile boolean busy;
  private volatile boolean shuttingDown;
  private byte[] scramble;
  private int clientCapabilities;
  private boolean multiStatements;
  private String user;
  private Map<String, String> attributes = Map.of();

  MySqlConnection(long id, String host, Channel channel, ServerContext server) {
    this.id = id;
    this.host = host;
    this.channel = channel;
    this.server = server;
    this.out = new PacketOutput(channel);
  }

  public long id() {
    return id;
  }

  /** The authenticated user, or null during the handshake. */
  public String user() {
    return user;
  }

  /** Whether a command is running (false while waiting for the next one). */
  public boolean busy() {
    return busy;
  }

  // ---- event-loop side -------------------------------------------------------------------

  void received(Object packetOrEvent) {
    inbound.add(packetOrEvent);
    if (inbound.size() > INBOUND_HIGH) {
      channel.config().setAutoRead(false);
    }
  }

  void writabilityChanged() {
    out.writabilityChanged();
  }

  void channelClosed() {
    inbound.add(CLOSED);
    out.writabilityChanged();
    Session s = session;
    if (s != null && busy) {
      s.cancel(); // nobody is left to read the result
    }
  }

  // ---- any thread -------------------------------------------------------------------------

  /**
   * KILL: cancels the running statement and, unless {@code queryOnly}, closes the connection.
   */
  public void kill(boolean queryOnly) {
    Session s = session;
    if (s != null && busy) {
      s.cancel();
    }
    if (!queryOnly) {
      channel.close();
    }
  }

  /** Asks the connection to close once its running command (if any) has finished. */
  public void shutdown() {
    shuttingDown = true;
    inbound.add(SHUTDOWN);
  }

  // ---- connection thread ------------------------------------------------------------------

  void run() {
    try {
      if (handshake()) {
        commandLoop();
      }
    } catch (ConnectionClosedException e) {
      LOG.debug("connection {} closed by peer", id);
    } catch (RuntimeException e) {
      LOG.warn("connection {} failed", id, e);
    } finally {
      closeStatements();
      Session s = session;
      session = null;
      if (s != null) {
        try {
          s.close();
        } catch (RuntimeException e) {
          LOG.warn("connection {}: closing the session failed", id, e);
        }
      }
      server.registry().remove(this);
      try {
        out.flush();
      } catch (RuntimeException ignored) {
        // the peer is gone; nothing left to tell it
      }
      channel.close();
      out.release();
    }
  }

  private Object take(Duration timeout) {
    Object o;
    try {
      o = inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionClosedException();
    }
    if (inbound.size() <= INBOUND_LOW && !channel.config().isAutoRead() && channel.isActive()) {
      channel.config().setAutoRead(true);
    }
    return o;
  }

  /** The next packet of an exchange already under way; the sequence id continues from it. */
  private Packet readPacket(Duration timeout) {
    Object o = take(timeout);
    if (o instanceof Packet p) {
      out.sequenceId(p.sequenceId() + 1);
      return p;
    }
    if (o instanceof PacketTooLarge tooLarge) {
      packetTooLarge(tooLarge);
    }
    throw new ConnectionClosedException();
  }

  private void packetTooLarge(PacketTooLarge p) {
    out.sequenceId(p.sequenceId() + 1);
    sendError(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
    out.flush();
    lingerAfterError();
  }

  /**
   * Half-closes and waits briefly for the client to close. Closing at once while the client is
   * still sending the rest of its oversized packet would reset the connection, and a reset can
   * destroy the error packet before the client reads it. The framer discards the input.
   */
  private void lingerAfterError() {
    if (channel instanceof io.netty.channel.socket.SocketChannel socket) {
      socket.shutdownOutput();
    }
    long deadline = System.nanoTime() + LINGER.toNanos();
    while (System.nanoTime() < deadline) {
      Object o = take(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (o == CLOSED || o == SHUTDOWN) {
        return;
      }
    }
  }

  // ---- handshake --------------------------------------------------------------------------

  private int serverCapabilities() {
    return Capabilities.SERVER_BASE | (server.tls() ? Capabilities.SSL : 0);
  }

  private boolean handshake() {
    scramble = Scrambles.newScramble(new SecureRandom());
    out.sequenceId(0);
    sendGreeting();
    out.flush();
    Packet p = readPacket(server.connectTimeout());
    try {
      PayloadReader r = new PayloadReader(p.payload());
      int caps = r.int4();
      if ((caps & Capabilities.PROTOCOL_41) == 0) {
        sendError(1043, "08S01", "Bad handshake");
        return false;
      }
      if ((caps & Capabilities.SSL) != 0 && p.length() == 32) {
        if (!server.tls()) {
          sendError(1043, "08S01", "Bad handshake: TLS is not enabled on this server");
          return false;
        }
        p = readPacket(server.connectTimeout());
        r = new PayloadReader(p.payload());
        caps = r.int4();
        if (!secure()) {
          sendError(1043, "08S01", "Bad handshake: TLS was not set up");
          return false;
        }
      }
      clientCapabilities = caps & serverCapabilities();
      multiStatements = (clientCapabilities & Capabilities.MULTI_STATEMENTS) != 0;
      r.int4(); // the client's max packet size: our replies follow max_allowed_packet of the client
      r.int1(); // character set: results are always utf8mb4
      r.skip(23);
      String name = r.nulString();
      byte[] auth = readAuthResponse(r, caps);
      String database = null;
      if ((caps & Capabilities.CONNECT_WITH_DB) != 0 && r.hasRemaining()) {
        database = r.nulOrEofString();
        if (database.isEmpty()) {
          database = null;
        }
      }
      String plugin = null;
      if ((caps & Capabilities.PLUGIN_AUTH) != 0 && r.hasRemaining()) {
        plugin = r.nulOrEofString();
      }
      Map<String, String> attrs = Map.of();
      if ((caps & Capabilities.CONNECT_ATTRS) != 0 && r.hasRemaining()) {
        attrs = readAttributes(r);
      }
      Optional<Account> account =
          server.authenticator().authenticate(name, host, plugin, auth, scramble, exchange());
      if (account.isEmpty()) {
        accessDenied(name, auth.length > 0);
        return false;
      }
      try {
        session = server.sessions().open(id, name, host, database, attrs);
      } catch (SqlException e) {
        sendError(e.errno(), e.sqlState(), e.getMessage());
        return false;
      }
      user = name;
      attributes = attrs;
      sendOk(0, 0, 0, "");
      out.flush();
      return true;
    } catch (MalformedPacketException e) {
      sendError(1043, "08S01", "Bad handshake");
      return false;
    } finally {
      out.flush();
    }
  }

  private void sendGreeting() {
    int caps = serverCapabilities();
    PayloadWriter w = out.begin();
    w.int1(10)
        .nulString(server.serverVersion())
        .int4((int) id)
        .bytes(Arrays.copyOf(scramble, 8))
        .int1(0)
        .int2(caps & 0xffff)
        .int1(CHARSET_UTF8MB4_GENERAL_CI)
        .int2(ServerStatus.AUTOCOMMIT)
        .int2(caps >>> 16)
        .int1(scramble.length + 1)
        .zeros(10)
        .bytes(Arrays.copyOfRange(scramble, 8, scramble.length))
        .int1(0)
        .nulString(server.greetingPlugin());
    out.end();
  }

  private static byte[] readAuthResponse(PayloadReader r, int caps) {
    if ((caps & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
      return r.lenencBytes();
    }
    if ((caps & Capabilities.SECURE_CONNECTION) != 0) {
      return r.bytes(r.int1());
    }
    return r.nulBytes();
  }

  private static Map<String, String> readAttributes(PayloadReader r) {
    long total = r.lenenc();
    if (total > r.remaining()) {
      throw new MalformedPacketException("connect attributes overrun the packet");
    }
    int end = r.position() + (int) total;
    Map<String, String> attrs = new LinkedHashMap<>();
    while (r.position() < end) {
      attrs.put(r.lenencString(), r.lenencString());
    }
    return Map.copyOf(attrs);
  }

  private boolean secure() {
    return channel.pipeline().get(SslHandler.class) != null;
  }

  private AuthExchange exchange() {
    return new AuthExchange() {
      @Override
      public byte[] switchPlugin(String plugin, byte[] data) {
        out.begin().int1(0xfe).nulString(plugin).bytes(data);
        out.end();
        out.flush();
        return read();
      }

      @Override
      public void moreData(byte[] data) {
        out.begin().int1(0x01).bytes(data);
        out.end();
        out.flush();
      }

      @Override
      public byte[] read() {
        return readPacket(server.connectTimeout()).payload();
      }

      @Override
      public boolean secure() {
        return MySqlConnection.this.secure();
      }
    };
  }

  private void accessDenied(String name, boolean usingPassword) {
    sendError(
        1045,
        "28000",
        "Access denied for user '" + name + "'@'" + host + "' (using password: "
            + (usingPassword ? "YES" : "NO") + ")");
  }

  // ---- command phase ----------------------------------------------------------------------

  private void commandLoop() {
    while (!shuttingDown) {
      Object o = take(server.waitTimeout());
      if (o == null) {
        LOG.debug("connection {} idle for wait_timeout, closing", id);
        return;
      }
      if (o == CLOSED || o == SHUTDOWN) {
        return;
      }
      if (o instanceof PacketTooLarge tooLarge) {
        packetTooLarge(tooLarge);
        return;
      }
      Packet p = (Packet) o;
      out.sequenceId(p.sequenceId() + 1);
      busy = true;
      try {
        if (!dispatch(p.payload())) {
          return;
        }
      } catch (MalformedPacketException e) {
        sendError(1835, "08S01", "Malformed communication packet");
        out.flush();
        return;
      } finally {
        busy = false;
      }
      out.flush();
    }
  }

  /** Runs one command; false when the connection must close. */
  private boolean dispatch(byte[] payload) {
    if (payload.length == 0) {
      throw new MalformedPacketException("empty command packet");
    }
    PayloadReader r = new PayloadReader(payload);
    int command = r.int1();
    try {
      switch (command) {
        case COM_QUIT -> {
          return false;
        }
        case COM_QUERY -> query(r.restString());
        case COM_INIT_DB -> {
          materializeCursors();
          session.useDatabase(r.restString());
          sendOk(0, 0, 0, "");
        }
        case COM_PING -> sendOk(0, 0, 0, "");
        case COM_FIELD_LIST -> fieldList(r);
        case COM_STATISTICS -> statistics();
        case COM_PROCESS_KILL -> {
          return killCommand(r.int4() & 0xffffffffL, false);
        }
        case COM_CHANGE_USER -> {
          return changeUser(r);
        }
        case COM_RESET_CONNECTION -> {
          resetSession(session.user(), session.currentDatabase().orElse(null));
          sendOk(0, 0, 0, "");
        }
        case COM_SET_OPTION -> setOption(r.int2());
        case COM_STMT_PREPARE -> prepare(r.restString());
        case COM_STMT_EXECUTE -> execute(r);
        case COM_STMT_FETCH -> fetch(r);
        case COM_STMT_CLOSE -> closeStatement(r.int4());
        case COM_STMT_RESET -> resetStatement(r.int4());
        case COM_STMT_SEND_LONG_DATA -> longData(r);
        default -> sendError(1047, "08S01", "Unknown command");
      }
    } catch (SqlException e) {
      sendError(e.errno(), e.sqlState(), e.getMessage());
    } catch (MalformedPacketException | ConnectionClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("connection {}: command 0x{} failed", id, Integer.toHexString(command), e);
      sendError(1105, "HY000", "Unknown error: " + e);
    }
    return true;
  }

  private int status() {
    Session s = session;
    int st = 0;
    if (s != null) {
      st |= s.inTransaction() ? ServerStatus.IN_TRANS : 0;
      st |= s.autocommit() ? ServerStatus.AUTOCOMMIT : 0;
    }
    return st;
  }

  private boolean deprecateEof() {
    return (clientCapabilities & Capabilities.DEPRECATE_EOF) != 0;
  }

  private void sendOk(long affected, long lastInsertId, int warnings, String info) {
    sendOk(affected, lastInsertId, warnings, info, 0);
  }

  private void sendOk(long affected, long lastInsertId, int warnings, String info, int extra) {
    if (sessionTrack()) {
      Packets.trackedOk(out.begin(), 0x00, affected, lastInsertId, status() | extra, warnings, info, stateChanges());
    } else {
      Packets.ok(out.begin(), 0x00, affected, lastInsertId, status() | extra, warnings, info);
    }
    out.end();
  }

  private boolean sessionTrack() {
    return (clientCapabilities & Capabilities.SESSION_TRACK) != 0;
  }

  /** The session's tracked changes since the last OK packet (none before there is a session). */
  private List<SessionStateChange> stateChanges() {
    Session s = session;
    return s == null ? List.of() : s.takeStateChanges();
  }

  /** The end of a result set: EOF, or with DEPRECATE_EOF an OK packet with header 0xFE. */
  private void sendEnd(int warnings, int statusFlags) {
    if (deprecateEof() && sessionTrack()) {
      Packets.trackedOk(out.begin(), 0xfe, 0, 0, statusFlags, warnings, "", stateChanges());
    } else if (deprecateEof()) {
      Packets.ok(out.begin(), 0xfe, 0, 0, statusFlags, warnings, "");
    } else {
      Packets.eof(out.begin(), warnings, statusFlags);
    }
    out.end();
  }

  private void sendError(int errno, String sqlState, String message) {
    Packets.err(out.begin(), errno, sqlState, message);
    out.end();
  }

  // ---- COM_QUERY --------------------------------------------------------------------------

  private void query(String sql) {
    materializeCursors();
    List<String> parts = multiStatements ? StatementSplitter.split(sql) : List.of(sql);
    if (parts.isEmpty() || sql.isBlank()) {
      sendError(1065, "42000", "Query was empty");
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      int more = i < parts.size() - 1 ? ServerStatus.MORE_RESULTS_EXISTS : 0;
      server.questions().incrementAndGet();
      try {
        String stmt = parts.get(i);
        Matcher kill = KILL.matcher(stmt);
        if (kill.matches()) {
          long target = Long.parseLong(kill.group(2));
          boolean queryOnly = "QUERY".equalsIgnoreCase(kill.group(1));
          if (!killStatement(target, queryOnly, more)) {
            return;
          }
          continue;
        }
        sendResult(session.execute(stmt), false, more);
      } catch (SqlException e) {
        sendError(e.errno(), e.sqlState(), e.getMessage());
        return;
      }
    }
  }

  private void sendResult(StatementResult result, boolean binary, int more) {
    switch (result) {
      case StatementResult.Update u ->
          sendOk(u.affectedRows(), u.lastInsertId(), u.warningCount(), u.info(), more);
      case StatementResult.Rows rows -> {
        try (rows) {
          List<ColumnMetadata> columns = List.copyOf(rows.columns());
          sendColumns(columns);
          if (!deprecateEof()) {
            Packets.eof(out.begin(), 0, status());
            out.end();
          }
          int n = columns.size();
          try {
            while (rows.next()) {
              PayloadWriter w = out.begin();
              if (binary) {
                Packets.binaryRow(w, rows.row(), columns);
              } else {
                Packets.textRow(w, rows.row(), n);
              }
              out.end();
            }
          } catch (SqlException e) {
            // rows already sent: an ERR packet in place of the next row ends the result
            sendError(e.errno(), e.sqlState(), e.getMessage());
            return;
          }
          sendEnd(rows.warningCount(), status() | more);
        }
      }
    }
  }

  private void sendColumns(List<ColumnMetadata> columns) {
    out.begin().lenenc(columns.size());
    out.end();
    for (ColumnMetadata c : columns) {
      Packets.columnDefinition(out.begin(), c);
      out.end();
    }
  }

  // ---- KILL -------------------------------------------------------------------------------

  private boolean killCommand(long target, boolean queryOnly) {
    return killStatement(target, queryOnly, 0);
  }

  /** KILL [QUERY] target; false when this connection killed itself and must close. */
  private boolean killStatement(long target, boolean queryOnly, int more) {
    Optional<MySqlConnection> c = server.registry().find(target);
    if (c.isEmpty() || c.get().user() == null) {
      sendError(1094, "HY000", "Unknown thread id: " + target);
      return true;
    }
    MySqlConnection victim = c.get();
    if (!user.equals(victim.user())) {
      sendError(1095, "HY000", "You are not owner of thread " + target);
      return true;
    }
    if (victim == this) {
      if (queryOnly) {
        sendError(1317, "70100", "Query execution was interrupted");
        return true;
      }
      return false;
    }
    victim.kill(queryOnly);
    sendOk(0, 0, 0, "", more);
    return true;
  }

  // ---- other simple commands --------------------------------------------------------------

  private void statistics() {
    long uptime = Math.max(1, (System.currentTimeMillis() - server.startedAtMillis()) / 1000);
    long questions = server.questions().get();
    String s = String.format(
        Locale.ROOT,
        "Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Flush tables: 0"
            + "  Open tables: 0  Queries per second avg: %.3f",
        uptime, server.registry().size(), questions, (double) questions / uptime);
    out.begin().eofString(s);
    out.end();
  }

  private void setOption(int option) {
    switch (option) {
      case 0 -> multiStatements = true;
      case 1 -> multiStatements = false;
      default -> {
        sendError(1047, "08S01", "Unknown command");
        return;
      }
    }
    sendEnd(0, status());
  }

  private boolean changeUser(PayloadReader r) {
    String name = r.nulString();
    byte[] auth = (clientCapabilities & Capabilities.SECURE_CONNECTION) != 0
        ? r.bytes(r.int1())
        : r.nulBytes();
    String database = r.hasRemaining() ? r.nulOrEofString() : "";
    if (r.remaining() >= 2) {
      r.int2(); // character set
    }
    String plugin = null;
    if ((clientCapabilities & Capabilities.PLUGIN_AUTH) != 0 && r.hasRemaining()) {
      plugin = r.nulOrEofString();
    }
    Map<String, String> attrs = attributes;
    if ((clientCapabilities & Capabilities.CONNECT_ATTRS) != 0 && r.hasRemaining()) {
      attrs = readAttributes(r);
    }
    Optional<Account> account =
        server.authenticator().authenticate(name, host, plugin, auth, scramble, exchange());
    if (account.isEmpty()) {
      accessDenied(name, auth.length > 0);
      return false;
    }
    attributes = attrs;
    try {
      resetSession(name, database.isEmpty() ? null : database);
    } catch (SqlException e) {
      sendError(e.errno(), e.sqlState(), e.getMessage());
      return false;
    }
    user = name;
    sendOk(0, 0, 0, "");
    return true;
  }

  /** Closes the session with its statements and cursors and opens a fresh one. */
  private void resetSession(String name, String database) {
    closeStatements();
    Session old = session;
    session = null;
    old.close();
    session = server.sessions().open(id, name, host, database, attributes);
  }

  // ---- COM_FIELD_LIST ---------------------------------------------------------------------

  private void fieldList(PayloadReader r) {
    materializeCursors();
    String table = r.nulOrEofString();
    String wildcard = r.hasRemaining() ? r.restString() : "";
    StatementResult result =
        session.execute("SHOW COLUMNS FROM `" + table.replace("`", "``") + "`");
    if (!(result instanceof StatementResult.Rows rows)) {
      throw new SqlException(1146, "42S02", "Table '" + table + "' doesn't exist");
    }
    try (rows) {
      List<ColumnMetadata> cols = rows.columns();
      int field = indexOf(cols, "Field");
      int type = indexOf(cols, "Type");
      int nullable = indexOf(cols, "Null");
      int key = indexOf(cols, "Key");
      int dflt = indexOf(cols, "Default");
      int extra = indexOf(cols, "Extra");
      String schema = session.currentDatabase().orElse("");
      while (rows.next()) {
        String name = text(rows, field);
        if (!wildcard.isEmpty() && !LikePattern.matches(wildcard, name)) {
          continue;
        }
        ColumnMetadata c = FieldTypes.fromShowColumns(
            schema, table, name, text(rows, type), text(rows, nullable), text(rows, key),
            text(rows, extra));
        PayloadWriter w = out.begin();
        Packets.columnDefinition(w, c);
        if (dflt >= 0 && !rows.row().isNull(dflt)) {
          w.lenencBytes(rows.row().text(dflt));
        } else {
          w.int1(0xfb);
        }
        out.end();
      }
    }
    sendEnd(0, status());
  }

  private static int indexOf(List<ColumnMetadata> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String text(StatementResult.Rows rows, int column) {
    if (column < 0 || rows.row().isNull(column)) {
      return "";
    }
    return new String(rows.row().text(column), StandardCharsets.UTF_8);
  }

  // ---- prepared statements ----------------------------------------------------------------

  private void prepare(String sql) {
    materializeCursors();
    server.questions().incrementAndGet();
    PreparedStatement ps = session.prepare(sql);
    statements.put(ps.id(), new StatementState(ps));
    int params = ps.parameterCount();
    List<ColumnMetadata> columns = ps.columns();
    out.begin()
        .int1(0)
        .int4(ps.id())
        .int2(columns.size())
        .int2(params)
        .int1(0)
        .int2(Math.min(session.warnings().size(), 0xffff));
    out.end();
    if (params > 0) {
      ColumnMetadata param = new ColumnMetadata(
          "", "", "", "?", "", ColumnMetadata.COLLATION_BINARY, 0, MysqlType.VAR_STRING,
          ColumnMetadata.BINARY_FLAG, 0);
      for (int i = 0; i < params; i++) {
        Packets.columnDefinition(out.begin(), param);
        out.end();
      }
      if (!deprecateEof()) {
        sendEnd(0, status());
      }
    }
    if (!columns.isEmpty()) {
      for (ColumnMetadata c : columns) {
        Packets.columnDefinition(out.begin(), c);
        out.end();
      }
      if (!deprecateEof()) {
        sendEnd(0, status());
      }
    }
  }

  private StatementState statement(int statementId, String command) {
    StatementState st = statements.get(statementId);
    if (st == null) {
      throw new SqlException(
          1243, "HY000",
          "Unknown prepared statement handler (" + Integer.toUnsignedString(statementId)
              + ") given to " + command);
    }
    return st;
  }

  private void execute(PayloadReader r) {
    StatementState st = statement(r.int4(), "mysqld_stmt_execute");
    int flags = r.int1();
    r.int4(); // iteration count, always 1
    if (st.longDataTooLong) {
      st.clearLongData();
      throw new SqlException(
          1153, "08S01", "Parameter of prepared statement which is set through "
              + "mysql_send_long_data() is longer than 'max_allowed_packet' bytes");
    }
    int n = st.statement.parameterCount();
    List<Object> values = new ArrayList<>(n);
    List<Boolean> unsigned = new ArrayList<>(n);
    if (n > 0) {
      byte[] nulls = r.bytes((n + 7) / 8);
      boolean newTypes = r.int1() == 1;
      if (newTypes) {
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
          types[i] = r.int2();
        }
        st.parameterTypes = types;
      } else if (st.parameterTypes == null) {
        throw new SqlException(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute");
      }
      for (int i = 0; i < n; i++) {
        int type = st.parameterTypes[i];
        boolean isUnsigned = (type & 0x8000) != 0;
        unsigned.add(isUnsigned);
        if (st.longData[i] != null) {
          values.add(st.longData[i].toByteArray());
        } else if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
          values.add(null);
        } else {
          values.add(BinaryParameters.decode(r, type & 0xff, isUnsigned));
        }
      }
    }
    st.clearLongData();
    st.closeCursor();
    materializeCursors();
    server.questions().incrementAndGet();
    StatementResult result = session.executePrepared(st.statement.id(), values, unsigned);
    boolean cursor = (flags & 0x07) != 0;
    if (cursor && result instanceof StatementResult.Rows rows) {
      sendColumns(rows.columns());
      st.cursor = new Cursor(rows);
      sendEnd(0, status() | ServerStatus.CURSOR_EXISTS);
      return;
    }
    sendResult(result, true, 0);
  }

  private void fetch(PayloadReader r) {
    int statementId = r.int4();
    long count = r.int4() & 0xffffffffL;
    StatementState st = statement(statementId, "mysqld_stmt_fetch");
    if (st.cursor == null) {
      throw new SqlException(
          1421, "HY000",
          "The statement (" + Integer.toUnsignedString(statementId) + ") has no open cursor.");
    }
    Cursor cursor = st.cursor;
    byte[] row = null;
    try {
      for (long i = 0; i < count; i++) {
        row = cursor.next();
        if (row == null) {
          break;
        }
        out.begin().bytes(row);
        out.end();
      }
      if (row != null) {
        // peek so that the last batch already says LAST_ROW_SENT, as MySQL does
        row = cursor.next();
        if (row != null) {
          cursor.pushBack(row);
        }
      }
    } catch (SqlException e) {
      st.closeCursor();
      throw e;
    }
    int flags = status() | ServerStatus.CURSOR_EXISTS;
    if (row == null) {
      flags |= ServerStatus.LAST_ROW_SENT;
      int warnings = cursor.warnings();
      st.closeCursor();
      sendEnd(warnings, flags);
    } else {
      sendEnd(0, flags);
    }
  }

  private void closeStatement(int statementId) {
    StatementState st = statements.remove(statementId);
    if (st != null) {
      st.closeCursor();
      session.closePrepared(statementId);
    }
  }

  private void resetStatement(int statementId) {
    StatementState st = statement(statementId, "mysqld_stmt_reset");
    st.clearLongData();
    st.closeCursor();
    sendOk(0, 0, 0, "");
  }

  private void longData(PayloadReader r) {
    StatementState st = statements.get(r.int4());
    int param = r.int2();
    byte[] data = r.rest();
    if (st == null || param >= st.longData.length) {
      return; // COM_STMT_SEND_LONG_DATA has no reply; MySQL reports the error at execute
    }
    if (st.longData[param] == null) {
      st.longData[param] = new ByteArrayOutputStream();
    }
    if (st.longData[param].size() + (long) data.length > server.maxAllowedPacket()) {
      st.longDataTooLong = true;
      return;
    }
    st.longData[param].writeBytes(data);
  }

  /** Before another statement runs, any live cursor must release the session. */
  private void materializeCursors() {
    for (StatementState st : statements.values()) {
      if (st.cursor != null && st.cursor.isLive()) {
        st.cursor.materialize();
      }
    }
  }

  private void closeStatements() {
    Session s = session;
    for (StatementState st : statements.values()) {
      st.closeCursor();
      if (s != null) {
        try {
          s.closePrepared(st.statement.id());
        } catch (RuntimeException e) {
          LOG.debug("connection {}: closing statement failed", id, e);
        }
      }
    }
    statements.clear();
  }
}
