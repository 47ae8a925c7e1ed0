package io.cairn.mysql.wire;

/** The capability flags of the handshake ({@code CLIENT_*}), as bits of a 32-bit int. */
public final class Capabilities {

  public static final int LONG_PASSWORD = 1;
  public static final int FOUND_ROWS = 1 << 1;
  public static final int LONG_FLAG = 1 << 2;
  public static final int CONNECT_WITH_DB = 1 << 3;
  public static final int NO_SCHEMA = 1 << 4;
  public static final int COMPRESS = 1 << 5;
  public static final int ODBC = 1 << 6;
  public static final int LOCAL_FILES = 1 << 7;
  public static final int IGNORE_SPACE = 1 << 8;
  public static final int PROTOCOL_41 = 1 << 9;
  public static final int INTERACTIVE = 1 << 10;
  public static final int SSL = 1 << 11;
  public static final int IGNORE_SIGPIPE = 1 << 12;
  public static final int TRANSACTIONS = 1 << 13;
  public static final int RESERVED = 1 << 14;
  public static final int SECURE_CONNECTION = 1 << 15;
  public static final int MULTI_STATEMENTS = 1 << 16;
  public static final int MULTI_RESULTS = 1 << 17;
  public static final int PS_MULTI_RESULTS = 1 << 18;
  public static final int PLUGIN_AUTH = 1 << 19;
  public static final int CONNECT_ATTRS = 1 << 20;
  public static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;
  public static final int CAN_HANDLE_EXPIRED_PASSWORDS = 1 << 22;
  public static final int SESSION_TRACK = 1 << 23;
  public static final int DEPRECATE_EOF = 1 << 24;

  /**
   * What the server offers, without {@link #SSL} (added when TLS is configured). Not offered:
   * FOUND_ROWS (the Session API reports changed rows only), IGNORE_SPACE (the SQL layer parses
   * one way), COMPRESS, LOCAL_FILES (LOAD DATA LOCAL is not supported), query attributes,
   * and optional result-set metadata. SESSION_TRACK is offered: OK packets then carry the
   * session's tracked state changes (the current database, tracked system variables).
   */
  public static final int SERVER_BASE =
      LONG_PASSWORD
          | LONG_FLAG
          | CONNECT_WITH_DB
          | NO_SCHEMA
          | ODBC
          | PROTOCOL_41
          | INTERACTIVE
          | IGNORE_SIGPIPE
          | TRANSACTIONS
          | RESERVED
          | SECURE_CONNECTION
          | MULTI_STATEMENTS
          | MULTI_RESULTS
          | PS_MULTI_RESULTS
          | PLUGIN_AUTH
          | CONNECT_ATTRS
          | PLUGIN_AUTH_LENENC_CLIENT_DATA
          | CAN_HANDLE_EXPIRED_PASSWORDS
          | SESSION_TRACK
          | DEPRECATE_EOF;

  private Capabilities() {}
}
