package io.cairn.mysql.wire;

/**
 * Event sent up the pipeline instead of a {@link Packet} when the client announced a logical
 * packet longer than {@code max_allowed_packet}. The framer discards all further input: the
 * connection must answer with error 1153 and close.
 *
 * @param sequenceId the sequence id of the offending packet's header
 */
public record PacketTooLarge(int sequenceId) {}
