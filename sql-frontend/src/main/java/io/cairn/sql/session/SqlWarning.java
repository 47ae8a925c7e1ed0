package io.cairn.sql.session;

/**
 * One line of SHOW WARNINGS.
 *
 * @param level "Note", "Warning" or "Error"
 * @param code the MySQL error number
 * @param message the message text
 */
public record SqlWarning(String level, int code, String message) {}
