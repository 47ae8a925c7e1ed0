package io.cairn.mysql;

import io.cairn.mysql.auth.Authenticator;
import io.cairn.mysql.auth.RsaKeys;
import io.cairn.mysql.conn.ConnectionHandler;
import io.cairn.mysql.conn.ConnectionRegistry;
import io.cairn.mysql.conn.MySqlConnection;
import io.cairn.mysql.conn.ServerContext;
import io.cairn.mysql.wire.PacketFramer;
import io.cairn.sql.session.SessionFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MySQL protocol server on Netty in front of a {@link SessionFactory}.
 *
 * <p>Lifecycle: {@link #start()} binds (once); {@link #stop(Duration)} stops accepting, lets
 * running statements finish for up to the grace period while idle connections close at once,
 * then cancels whatever still runs, closes every channel and the event loops. {@link #close()}
 * is {@code stop(config.shutdownGrace())}. Thread-safe.
 *
 * <p>Each client connection runs its commands on a virtual thread of its own; the Netty event
 * loops only move bytes. An RSA key pair for caching_sha2_password is generated in the
 * background at start; the first client that needs it waits for it.
 */
public final class MySqlServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MySqlServer.class);

  private final MySqlServerConfig config;
  private final SessionFactory sessions;
  private final ConnectionRegistry registry;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private boolean stopped;

  public MySqlServer(MySqlServerConfig config, SessionFactory sessions) {
    this.config = config;
    this.sessions = sessions;
    this.registry = new ConnectionRegistry(config.maxConnections());
  }

  /** Binds the port and starts accepting connections. */
  public synchronized void start() {
    if (boss != null) {
      throw new IllegalStateException("already started");
    }
    CompletableFuture<RsaKeys> rsaKeys = CompletableFuture.supplyAsync(
        RsaKeys::generate, r -> Thread.ofVirtual().name("mysql-rsa-keygen").start(r));
    ServerContext context = new ServerContext(
        config.serverVersion(),
        config.maxAllowedPacket(),
        config.waitTimeout(),
        config.connectTimeout(),
        config.sslContext() != null,
        config.greetingAuthPlugin(),
        sessions,
        new Authenticator(sessions, rsaKeys::join),
        registry,
        System.currentTimeMillis(),
        new AtomicLong());
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(
        Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast("framer", new PacketFramer(config.maxAllowedPacket(), config.sslContext()))
                .addLast("connection", new ConnectionHandler(context));
          }
        });
    try {
      serverChannel = b.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdownGroups();
      throw new IllegalStateException("interrupted while binding", e);
    } catch (RuntimeException e) {
      shutdownGroups();
      throw e;
    }
    LOG.info("MySQL protocol listening on {}", serverChannel.localAddress());
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Open client connections. */
  public int connectionCount() {
    return registry.size();
  }

  /**
   * Stops the server: no new connections, idle ones close now, busy ones after their current
   * statement or, at the latest, when {@code grace} has passed (their statements are then
   * cancelled). Idempotent.
   */
  public synchronized void stop(Duration grace) {
    if (stopped || boss == null) {
      stopped = true;
      return;
    }
    stopped = true;
    serverChannel.close().syncUninterruptibly();
    for (MySqlConnection c : registry.all()) {
      c.shutdown();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (registry.size() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (MySqlConnection c : registry.all()) {
      c.kill(false);
    }
    shutdownGroups();
  }

  private void shutdownGroups() {
    if (workers != null) {
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Override
  public void close() {
    stop(config.shutdownGrace());
  }
}
