package io.cairn.storage.raft;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * Region snapshots between nodes, over the node's own gRPC server: a lagging or new replica
 * fetches {@link RegionSnapshotFiles} of the region from the leader's store. Cairn-internal
 * (not part of TiKV's protocol), so it carries raw bytes instead of protobuf messages.
 *
 * <p>One server-streaming method, {@code cairn.raft.RegionSnapshot/Fetch}. Request:
 * {@code i64 region id} (big-endian). Response stream: chunks of at most {@value #CHUNK}
 * data bytes, each {@code u16 file name length, file name (UTF-8), data}; the chunks of one
 * file come in order and a file may have one empty chunk; the manifest comes last. A store
 * that does not host the region fails the call with {@code NOT_FOUND}.
 */
public final class SnapshotTransfer {
  static final int CHUNK = 1 << 20;
  private static final String SERVICE = "cairn.raft.RegionSnapshot";
  private static final String MANIFEST = "MANIFEST";

  static final MethodDescriptor<byte[], byte[]> FETCH =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Fetch"))
          .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
          .setResponseMarshaller(RawBytesMarshaller.INSTANCE)
          .build();

  private SnapshotTransfer() {}

  /**
   * The server side for {@code store}: exports the region into a fresh directory under
   * {@code scratch} and streams it, deleting the directory afterwards.
   */
  public static ServerServiceDefinition service(RaftStore store, Path scratch) {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(FETCH, ServerCalls.asyncServerStreamingCall((req, out) -> serve(store, scratch, req, out)))
        .build();
  }

  private static void serve(RaftStore store, Path scratch, byte[] req, StreamObserver<byte[]> out) {
    if (req.length != 8) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("request is not a region id").asRuntimeException());
      return;
    }
    long regionId = ByteBuffer.wrap(req).getLong();
    Path dir = scratch.resolve("export-" + regionId + "-" + System.nanoTime());
    try {
      Files.createDirectories(dir.getParent());
      store.exportSnapshot(regionId, dir);
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> !p.getFileName().toString().equals(MANIFEST)).sorted().forEach(files::add);
      }
      files.add(dir.resolve(MANIFEST));
      byte[] buf = new byte[CHUNK];
      for (Path f : files) {
        byte[] name = f.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(f)) {
          boolean sent = false;
          int n;
          while ((n = in.readNBytes(buf, 0, buf.length)) > 0 || !sent) {
            out.onNext(ByteBuffer.allocate(2 + name.length + n).putShort((short) name.length).put(name).put(buf, 0, n).array());
            sent = true;
            if (n < buf.length) {
              break;
            }
          }
        }
      }
      out.onCompleted();
    } catch (io.cairn.storage.region.RegionException e) {
      out.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    } catch (IOException | RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription("exporting region " + regionId + ": " + e).asRuntimeException());
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * The client side: a {@link RegionSnapshotSource} that finds the leader's store address with
   * {@code addressOf} (PD's record of the store; may block) and dials it with {@code dial},
   * on {@code executor}, with {@code timeout} for the whole transfer.
   */
  public static RegionSnapshotSource source(LongFunction<String> addressOf, Function<String, ManagedChannel> dial,
      Executor executor, Duration timeout) {
    return (regionId, leaderStoreId, targetDir) -> CompletableFuture.runAsync(() -> {
      String address = addressOf.apply(leaderStoreId);
      if (address == null || address.isEmpty()) {
        throw new IllegalStateException("store " + leaderStoreId + " has no known address");
      }
      ManagedChannel channel = dial.apply(address);
      try {
        Files.createDirectories(targetDir);
        Iterator<byte[]> chunks = ClientCalls.blockingServerStreamingCall(channel, FETCH,
            CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS),
            ByteBuffer.allocate(8).putLong(regionId).array());
        while (chunks.hasNext()) {
          ByteBuffer b = ByteBuffer.wrap(chunks.next());
          byte[] name = new byte[Short.toUnsignedInt(b.getShort())];
          b.get(name);
          String file = new String(name, StandardCharsets.UTF_8);
          Path target = targetDir.resolve(file).normalize();
          if (!target.getParent().equals(targetDir.normalize()) || file.isEmpty()) {
            throw new IllegalStateException("snapshot file name " + file + " leaves the snapshot directory");
          }
          try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(b.array(), b.position(), b.remaining());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("fetching region " + regionId + " from store " + leaderStoreId, e);
      } finally {
        channel.shutdownNow();
      }
    }, executor);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
