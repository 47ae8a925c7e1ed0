/** The MySQL client/server wire protocol on Netty: handshake, authentication, COM_QUERY, COM_STMT_*, result sets. */
package io.cairn.mysql;
