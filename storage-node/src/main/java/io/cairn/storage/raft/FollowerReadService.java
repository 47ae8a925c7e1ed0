package io.cairn.storage.raft;

import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Follower reads between nodes, over the node's own gRPC server: a follower asks the leader's
 * store for a read index, and leaders push safe ts to followers ({@link FollowerReads}).
 * Cairn-internal (not TiKV's protocol), so the messages are raw bytes, all integers big-endian:
 *
 * <pre>
 * cairn.raft.FollowerRead/ReadIndex (unary)
 *   request:  region_id i64, conf_ver i64, version i64, read_ts i64        (32 bytes)
 *   response: code u8, then
 *             0 OK          index i64
 *             1 NOT_LEADER  leader store id i64 (0: unknown)
 *             2 REFUSED     reason (UTF-8, the rest)
 *
 * cairn.raft.FollowerRead/PushSafeTs (unary)
 *   request:  from_store i64, count i32, count × (region_id i64, term i64,
 *             applied_index i64, safe_ts i64)
 *   response: empty
 * </pre>
 *
 * A malformed request fails the call with {@code INVALID_ARGUMENT}.
 */
public final class FollowerReadService {
  private static final String SERVICE = "cairn.raft.FollowerRead";
  private static final byte OK = 0;
  private static final byte NOT_LEADER = 1;
  private static final byte REFUSED = 2;

  static final MethodDescriptor<byte[], byte[]> READ_INDEX = unary("ReadIndex");
  static final MethodDescriptor<byte[], byte[]> PUSH_SAFE_TS = unary("PushSafeTs");

  private FollowerReadService() {}

  private static MethodDescriptor<byte[], byte[]> unary(String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
        .setResponseMarshaller(RawBytesMarshaller.INSTANCE)
        .build();
  }

  /** The server side, answering for {@code reads}' store. */
  public static ServerServiceDefinition service(FollowerReads reads) {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(READ_INDEX, ServerCalls.asyncUnaryCall((req, out) -> readIndex(reads, req, out)))
        .addMethod(PUSH_SAFE_TS, ServerCalls.asyncUnaryCall((req, out) -> pushSafeTs(reads, req, out)))
        .build();
  }

  private static void readIndex(FollowerReads reads, byte[] req, StreamObserver<byte[]> out) {
    if (req.length != 32) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("read index request of " + req.length + " bytes").asRuntimeException());
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(req);
    long regionId = b.getLong();
    RegionEpoch epoch = new RegionEpoch(b.getLong(), b.getLong());
    long readTs = b.getLong();
    byte[] answer;
    try {
      long index = reads.serveReadIndex(regionId, epoch, readTs);
      answer = ByteBuffer.allocate(9).put(OK).putLong(index).array();
    } catch (RegionException e) {
      if (e.error() instanceof RegionError.NotLeader n) {
        answer = ByteBuffer.allocate(9).put(NOT_LEADER).putLong(n.leader() == null ? 0 : n.leader().storeId()).array();
      } else {
        byte[] reason = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
        answer = ByteBuffer.allocate(1 + reason.length).put(REFUSED).put(reason).array();
      }
    }
    out.onNext(answer);
    out.onCompleted();
  }

  private static void pushSafeTs(FollowerReads reads, byte[] req, StreamObserver<byte[]> out) {
    List<SafeTsUpdate> updates;
    long from;
    try {
      ByteBuffer b = ByteBuffer.wrap(req);
      from = b.getLong();
      int count = b.getInt();
      if (count < 0 || b.remaining() != count * 32L) {
        throw new BufferUnderflowException();
      }
      updates = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        updates.add(new SafeTsUpdate(b.getLong(), b.getLong(), b.getLong(), b.getLong()));
      }
    } catch (BufferUnderflowException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("malformed safe ts push of " + req.length + " bytes").asRuntimeException());
      return;
    }
    reads.acceptSafeTs(from, updates);
    out.onNext(new byte[0]);
    out.onCompleted();
  }

  /**
   * The client side: a {@link StoreLink} that finds a store's address with {@code addressOf}
   * (PD's record; may block, called once per store until a call fails) and dials it with
   * {@code dial}; channels are kept per store and dropped when a call fails on the transport.
   * Each call has {@code callTimeout}, and the deadline of the gRPC call being served if any.
   * Close it to shut the channels.
   */
  public static Link link(LongFunction<String> addressOf, Function<String, ManagedChannel> dial, Duration callTimeout) {
    return new Link(addressOf, dial, callTimeout);
  }

  /** See {@link #link}. Thread-safe. */
  public static final class Link implements StoreLink, AutoCloseable {
    private final LongFunction<String> addressOf;
    private final Function<String, ManagedChannel> dial;
    private final Duration callTimeout;
    private final Map<Long, ManagedChannel> channels = new ConcurrentHashMap<>();

    private Link(LongFunction<String> addressOf, Function<String, ManagedChannel> dial, Duration callTimeout) {
      this.addressOf = addressOf;
      this.dial = dial;
      this.callTimeout = callTimeout;
    }

    @Override
    public CompletableFuture<Long> readIndex(long storeId, long regionId, RegionEpoch epoch, long readTs) {
      byte[] req = ByteBuffer.allocate(32).putLong(regionId).putLong(epoch.confVer()).putLong(epoch.version()).putLong(readTs).array();
      return call(storeId, READ_INDEX, req).thenApply(resp -> {
        ByteBuffer b = ByteBuffer.wrap(resp);
        byte code = b.get();
        return switch (code) {
          case OK -> b.getLong();
          case NOT_LEADER -> throw RaftErrors.notLeader(regionId, null, b.getLong());
          case REFUSED -> throw RaftErrors.unavailable(regionId, "store " + storeId + " refused the read index: "
              + StandardCharsets.UTF_8.decode(b), null);
          default -> throw new IllegalStateException("read index answer code " + code);
        };
      });
    }

    @Override
    public CompletableFuture<Void> pushSafeTs(long storeId, long fromStoreId, List<SafeTsUpdate> updates) {
      ByteBuffer b = ByteBuffer.allocate(12 + 32 * updates.size()).putLong(fromStoreId).putInt(updates.size());
      for (SafeTsUpdate u : updates) {
        b.putLong(u.regionId()).putLong(u.term()).putLong(u.appliedIndex()).putLong(u.safeTs());
      }
      return call(storeId, PUSH_SAFE_TS, b.array()).thenApply(resp -> null);
    }

    private CompletableFuture<byte[]> call(long storeId, MethodDescriptor<byte[], byte[]> method, byte[] req) {
      ManagedChannel channel;
      try {
        channel = channels.computeIfAbsent(storeId, id -> {
          String address = addressOf.apply(id);
          if (address == null || address.isEmpty()) {
            throw new IllegalStateException("store " + id + " has no known address");
          }
          return dial.apply(address);
        });
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      CompletableFuture<byte[]> result = new CompletableFuture<>();
      ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)), req,
          new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
              result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE
                  && channels.remove(storeId, channel)) {
                channel.shutdownNow();
              }
              result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              result.complete(null);
            }
          });
      return result;
    }

    @Override
    public void close() {
      channels.values().forEach(ManagedChannel::shutdownNow);
      channels.clear();
    }
  }
}
