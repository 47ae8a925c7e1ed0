package io.cairn.mysql.conn;

import io.cairn.mysql.auth.Authenticator;
import io.cairn.sql.session.SessionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one server shares.
 *
 * @param serverVersion the version string of the greeting, e.g. "8.0.11-Cairn-0.1.0"
 * @param maxAllowedPacket the largest client packet accepted
 * @param waitTimeout how long an idle connection waits for its next command
 * @param connectTimeout how long the handshake may take
 * @param tls whether TLS is configured (CLIENT_SSL is offered)
 * @param greetingPlugin the auth plugin named in the greeting
 * @param sessions opens sessions and looks up accounts
 * @param authenticator checks credentials
 * @param registry live connections
 * @param startedAtMillis when the server started (COM_STATISTICS uptime)
 * @param questions statements run since start (COM_STATISTICS)
 */
public record ServerContext(
    String serverVersion,
    int maxAllowedPacket,
    Duration waitTimeout,
    Duration connectTimeout,
    boolean tls,
    String greetingPlugin,
    SessionFactory sessions,
    Authenticator authenticator,
    ConnectionRegistry registry,
    long startedAtMillis,
    AtomicLong questions) {}
