package io.cairn.sql.session;

/**
 * A DATE, DATETIME, TIMESTAMP or TIME value broken into the fields the binary protocol sends.
 * Zero dates are all-zero fields. For TIME, {@code days} is unused (hours may exceed 23, up to
 * 838) and {@code negative} marks a negative interval; for the other types it is false.
 */
public record Temporal(
    boolean negative,
    int year,
    int month,
    int day,
    int hour,
    int minute,
    int second,
    int microsecond) {}
