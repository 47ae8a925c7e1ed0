package io.cairn.pd.bench;

import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * TSO requests per second under N concurrent requesters (default 64), over a real loopback
 * port with a file-backed PD. Each requester owns one {@code Tso} stream and keeps one request
 * of count 1 outstanding at a time (the worst case: no client-side batching). Not a test; run:
 *
 * <pre>
 *   mvn -B -q -pl placement-driver -am test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=/tmp/pd-cp.txt
 *   java --enable-native-access=ALL-UNNAMED \
 *       -cp placement-driver/target/test-classes:placement-driver/target/classes:$(cat /tmp/pd-cp.txt) \
 *       io.cairn.pd.bench.TsoThroughput [requesters] [seconds] [channels]
 * </pre>
 */
public final class TsoThroughput {

  private TsoThroughput() {}

  public static void main(String[] args) throws Exception {
    int requesters = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int channels = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path dir = Files.createTempDirectory("pd-bench");
    PdConfig config = PdConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0);
    try (PdServer server = PdServer.start(config, PdClock.SYSTEM)) {
      List<ManagedChannel> chans = new ArrayList<>();
      for (int i = 0; i < channels; i++) {
        chans.add(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
            .build());
      }
      long clusterId = PDGrpc.newBlockingStub(chans.get(0))
          .getMembers(GetMembersRequest.getDefaultInstance()).getHeader().getClusterId();
      TsoRequest request = TsoRequest.newBuilder()
          .setHeader(RequestHeader.newBuilder().setClusterId(clusterId)).setCount(1).build();
      LongAdder done = new LongAdder();
      AtomicBoolean counting = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int r = 0; r < requesters; r++) {
        ManagedChannel ch = chans.get(r % channels);
        Thread t = new Thread(() -> run(ch, request, done, counting, stop), "requester-" + r);
        t.start();
        threads.add(t);
      }
      Thread.sleep(3000);
      counting.set(true);
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long n = done.sum();
      double elapsed = (System.nanoTime() - start) / 1e9;
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      System.out.printf("requesters=%d channels=%d seconds=%.1f requests=%d rate=%.0f/s "
          + "cpus=%d%n", requesters, channels, elapsed, n, n / elapsed,
          Runtime.getRuntime().availableProcessors());
      for (ManagedChannel ch : chans) {
        ch.shutdownNow();
      }
    }
  }

  private static void run(ManagedChannel ch, TsoRequest request, LongAdder done,
      AtomicBoolean counting, AtomicBoolean stop) {
    BlockingQueue<TsoResponse> answers = new ArrayBlockingQueue<>(1);
    CountDownLatch closed = new CountDownLatch(1);
    StreamObserver<TsoRequest> out = PDGrpc.newStub(ch).tso(new StreamObserver<>() {
      @Override
      public void onNext(TsoResponse value) {
        answers.add(value);
      }

      @Override
      public void onError(Throwable t) {
        t.printStackTrace();
        closed.countDown();
      }

      @Override
      public void onCompleted() {
        closed.countDown();
      }
    });
    long last = 0;
    try {
      while (!stop.get()) {
        out.onNext(request);
        TsoResponse r = answers.poll(30, TimeUnit.SECONDS);
        if (r == null) {
          throw new IllegalStateException("no TSO answer in 30 s");
        }
        long ts = r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
        if (ts <= last) {
          throw new IllegalStateException("timestamp went backwards: " + ts + " <= " + last);
        }
        last = ts;
        if (counting.get()) {
          done.increment();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      out.onCompleted();
    }
    try {
      // PD completes the stream after the half-close; wait so channels close on idle streams
      closed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
