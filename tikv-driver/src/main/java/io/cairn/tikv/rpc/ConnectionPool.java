package io.cairn.tikv.rpc;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code grpc-connection-count} channels per store address, handed out round-robin: one HTTP/2
 * connection caps the streams in flight, so a busy store gets several. Channels are opened on
 * first use and live until {@link #close()}. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {

  private final ChannelFactory factory;
  private final int connectionsPerAddress;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ConnectionPool(ChannelFactory factory, int connectionsPerAddress) {
    if (connectionsPerAddress < 1) {
      throw new IllegalArgumentException("connections per address must be >= 1: " + connectionsPerAddress);
    }
    this.factory = factory;
    this.connectionsPerAddress = connectionsPerAddress;
  }

  /** The next channel to {@code address}, round-robin over its connections. */
  public ManagedChannel channel(String address) {
    if (closed) {
      throw new IllegalStateException("connection pool is closed");
    }
    Slot slot = slots.computeIfAbsent(address, a -> new Slot(open(a)));
    return slot.channels[Math.floorMod(slot.next.getAndIncrement(), slot.channels.length)];
  }

  private ManagedChannel[] open(String address) {
    ManagedChannel[] channels = new ManagedChannel[connectionsPerAddress];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = factory.open(address);
    }
    return channels;
  }

  /** Number of open channels over all addresses (a gauge for metrics). */
  public int openChannels() {
    return slots.size() * connectionsPerAddress;
  }

  /**
   * Retires the channels of one address (its store moved or was removed): calls in flight
   * finish, the next {@link #channel} opens new ones.
   */
  public void evict(String address) {
    Slot slot = slots.remove(address);
    if (slot != null) {
      for (ManagedChannel c : slot.channels) {
        c.shutdown();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    List<ManagedChannel> all = new ArrayList<>();
    for (String address : List.copyOf(slots.keySet())) {
      Slot slot = slots.remove(address);
      if (slot != null) {
        all.addAll(List.of(slot.channels));
      }
    }
    all.forEach(ManagedChannel::shutdown);
    for (ManagedChannel c : all) {
      try {
        if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
          c.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.shutdownNow();
      }
    }
  }

  private static final class Slot {
    final ManagedChannel[] channels;
    final AtomicInteger next = new AtomicInteger();

    Slot(ManagedChannel[] channels) {
      this.channels = channels;
    }
  }
}
