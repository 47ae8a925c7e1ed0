package io.cairn.mysql.conn;

import io.cairn.mysql.wire.Packet;
import io.cairn.mysql.wire.PacketTooLarge;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client channel: admits the connection (or refuses it with error 1040
 * when {@code max_connections} are open), starts its virtual thread, and passes it packets and
 * writability changes. Runs on the channel's event loop.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final ServerContext server;
  private MySqlConnection connection;

  public ConnectionHandler(ServerContext server) {
    this.server = server;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long id = server.registry().newId();
    String host =
        ctx.channel().remoteAddress() instanceof InetSocketAddress a
            ? a.getAddress().getHostAddress()
            : "localhost";
    MySqlConnection c = new MySqlConnection(id, host, ctx.channel(), server);
    if (!server.registry().tryAdd(c)) {
      refuse(ctx, 1040, "08004", "Too many connections");
      return;
    }
    connection = c;
    Thread.ofVirtual().name("mysql-conn-" + id).start(c::run);
    ctx.fireChannelActive();
  }

  private static void refuse(ChannelHandlerContext ctx, int errno, String state, String message) {
    byte[] msg = message.getBytes(StandardCharsets.UTF_8);
    int len = 1 + 2 + 1 + 5 + msg.length;
    ByteBuf buf = ctx.alloc().buffer(4 + len);
    buf.writeMediumLE(len).writeByte(0);
    buf.writeByte(0xff).writeShortLE(errno).writeByte('#');
    buf.writeCharSequence(state, StandardCharsets.US_ASCII);
    buf.writeBytes(msg);
    ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (connection == null) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof Packet || msg instanceof PacketTooLarge) {
      connection.received(msg);
    } else {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (connection != null) {
      connection.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (connection != null) {
      connection.channelClosed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {}: {}", connection == null ? "?" : connection.id(), cause.toString());
    ctx.close();
  }
}
