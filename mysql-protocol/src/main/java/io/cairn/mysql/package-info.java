/**
 * The MySQL client/server wire protocol on Netty: {@link io.cairn.mysql.MySqlServer} accepts
 * connections, authenticates them and runs their commands against sql-frontend's Session API.
 * Subpackages: {@code wire} (framing and basic types), {@code auth} (password plugins), {@code
 * conn} (one connection's handshake and command phase).
 */
package io.cairn.mysql;
