package io.cairn.sql.session;

import java.util.List;

/**
 * A statement prepared by {@link Session#prepare}: its parameter count and, when known before
 * execution, its result columns. Owned by the session that prepared it; closed through {@link
 * Session#closePrepared}.
 *
 * @param id the statement id the protocol hands to the client (unique per session)
 * @param sql the original text
 * @param parameterCount number of {@code ?} placeholders
 * @param columns result columns, empty for statements without a result set
 */
public record PreparedStatement(
    int id, String sql, int parameterCount, List<ColumnMetadata> columns) {}
