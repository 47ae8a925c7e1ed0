package io.cairn.mysql.wire;

/**
 * One logical MySQL packet as received: the sequence id of its first (or only) physical
 * packet and the joined payload. Payloads of 16 MiB - 1 bytes or more arrive split into
 * several physical packets; {@link PacketFramer} has already joined them.
 *
 * @param sequenceId the sequence id (0..255) of the last physical packet, so that a reply
 *     continues with {@code sequenceId + 1}
 * @param payload the payload, never null; owned by the receiver
 */
public record Packet(int sequenceId, byte[] payload) {

  /** The payload's length in bytes. */
  public int length() {
    return payload.length;
  }
}
