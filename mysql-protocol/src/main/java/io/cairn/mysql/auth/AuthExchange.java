package io.cairn.mysql.auth;

/**
 * The packets an {@link Authenticator} exchanges with the client during authentication; the
 * connection implements it over its packet stream (sequence ids continue).
 */
public interface AuthExchange {

  /** Sends an AuthSwitchRequest ({@code 0xFE, plugin NUL, data}) and returns the reply. */
  byte[] switchPlugin(String plugin, byte[] pluginData);

  /** Sends an AuthMoreData packet ({@code 0x01, data}) without waiting. */
  void moreData(byte[] data);

  /** Reads the client's next authentication packet. */
  byte[] read();

  /** Whether the connection runs over TLS (clear-text passwords are then acceptable). */
  boolean secure();
}
