package io.cairn.mysql.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the inbound byte stream into {@link Packet}s.
 *
 * <p>Wire layout of a physical packet: {@code int<3> payload_length, int<1> sequence_id,
 * byte<payload_length> payload}. A payload of exactly {@value #MAX_CHUNK} bytes means the
 * logical packet continues in the next physical packet; the framer joins them (a logical
 * packet whose length is a multiple of {@value #MAX_CHUNK} ends with an empty chunk).
 *
 * <p>{@code max_allowed_packet}: as soon as the announced length of a logical packet exceeds
 * it, the framer emits one {@link PacketTooLarge} and then discards all further input without
 * buffering it; the connection answers with error 1153 and closes.
 *
 * <p>TLS: when {@code sslContext} is set, the first packet is checked for an SSLRequest (a
 * 32-byte payload with {@link Capabilities#SSL}). The framer then passes the SSLRequest on and
 * replaces itself by an {@code SslHandler} followed by a fresh framer; bytes already received
 * after the SSLRequest (the TLS ClientHello) flow into the {@code SslHandler}.
 */
public final class PacketFramer extends ByteToMessageDecoder {

  public static final int MAX_CHUNK = 0xffffff;
  private static final int SSL_REQUEST_LENGTH = 32;

  private final int maxAllowedPacket;
  private final SslContext sslContext;
  private boolean firstPacket;
  private boolean discarding;
  private byte[] joined;
  private int joinedLength;

  /**
   * @param maxAllowedPacket the largest logical payload accepted
   * @param sslContext the TLS context to switch to on an SSLRequest, or null when TLS is off
   *     or already on
   */
  public PacketFramer(int maxAllowedPacket, SslContext sslContext) {
    this.maxAllowedPacket = maxAllowedPacket;
    this.sslContext = sslContext;
    this.firstPacket = sslContext != null;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (discarding) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= 4) {
      int length = in.getUnsignedMediumLE(in.readerIndex());
      int seq = in.getUnsignedByte(in.readerIndex() + 3);
      if ((long) joinedLength + length > maxAllowedPacket) {
        discarding = true;
        joined = null;
        in.skipBytes(in.readableBytes());
        out.add(new PacketTooLarge(seq));
        return;
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      if (length == MAX_CHUNK || joined != null) {
        appendChunk(in, length);
        if (length == MAX_CHUNK) {
          continue;
        }
        byte[] payload = joined.length == joinedLength ? joined : Arrays.copyOf(joined, joinedLength);
        joined = null;
        joinedLength = 0;
        out.add(new Packet(seq, payload));
      } else {
        byte[] payload = new byte[length];
        in.readBytes(payload);
        out.add(new Packet(seq, payload));
        if (firstPacket && isSslRequest(payload)) {
          switchToTls(ctx);
          return;
        }
      }
      firstPacket = false;
    }
  }

  private void appendChunk(ByteBuf in, int length) {
    if (joined == null) {
      joined = new byte[Math.min(maxAllowedPacket, 2 * MAX_CHUNK)];
      joinedLength = 0;
    }
    if (joinedLength + length > joined.length) {
      joined = Arrays.copyOf(joined, (int) Math.min(maxAllowedPacket, 2L * joined.length + length));
    }
    in.readBytes(joined, joinedLength, length);
    joinedLength += length;
  }

  private static boolean isSslRequest(byte[] payload) {
    if (payload.length != SSL_REQUEST_LENGTH) {
      return false;
    }
    int caps = (payload[0] & 0xff) | (payload[1] & 0xff) << 8;
    return (caps & Capabilities.SSL) != 0;
  }

  private void switchToTls(ChannelHandlerContext ctx) {
    String ssl = ctx.name() + "-tls";
    ctx.pipeline().addAfter(ctx.name(), ssl, sslContext.newHandler(ctx.alloc()));
    ctx.pipeline().addAfter(ssl, ctx.name() + "-plain", new PacketFramer(maxAllowedPacket, null));
    ctx.pipeline().remove(this);
  }
}
