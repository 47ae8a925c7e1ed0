package io.cairn.tikv.pd;

import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Batches timestamp requests over one long-lived {@code Tso} stream, as client-go's
 * tsoDispatcher does. A single dispatcher thread takes every waiter queued so far, sends one
 * {@code TsoRequest} with {@code count} = the number of waiters, and waits for its answer before
 * sending the next: callers arriving meanwhile form the next batch, so the request rate stays
 * bounded by the round trip however many threads ask.
 *
 * <p>The answer carries the last timestamp of the batch; waiter {@code i} of {@code n} gets
 * {@code physical << 18 | (logical - n + 1 + i)}, so every waiter has its own timestamp and
 * waiters queued later get larger ones.
 *
 * <p>When the stream breaks (an error, the server completing it, a wrong count, no answer
 * within the PD timeout) the owner is told (to look for a new leader), the waiters in flight
 * then fail with a retryable {@link PdException}, and the next batch opens a new stream.
 * Thread-safe.
 */
final class TsoDispatcher implements AutoCloseable {

  /** client-go's maxMergeTSORequests. */
  static final int MAX_BATCH = 10_000;

  private final Function<StreamObserver<TsoResponse>, StreamObserver<TsoRequest>> opener;
  private final LongSupplier clusterId;
  private final Runnable onStreamBroken;
  private final Duration timeout;
  private final LinkedBlockingQueue<CompletableFuture<Long>> waiters = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final LongAdder requestsSent = new LongAdder();
  private final LongAdder timestampsServed = new LongAdder();
  private volatile boolean closed;
  private Stream stream;

  TsoDispatcher(
      Function<StreamObserver<TsoResponse>, StreamObserver<TsoRequest>> opener,
      LongSupplier clusterId,
      Runnable onStreamBroken,
      Duration timeout,
      ThreadFactory threadFactory) {
    this.opener = opener;
    this.clusterId = clusterId;
    this.onStreamBroken = onStreamBroken;
    this.timeout = timeout;
    this.thread = threadFactory.newThread(this::run);
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Long> request() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new PdException("PD client is closed", false));
      return f;
    }
    waiters.add(f);
    if (closed) {
      // close() may have drained the queue before our add.
      f.completeExceptionally(new PdException("PD client is closed", false));
    }
    return f;
  }

  /** TsoRequests sent so far. */
  long requestsSent() {
    return requestsSent.sum();
  }

  /** Timestamps handed out so far. */
  long timestampsServed() {
    return timestampsServed.sum();
  }

  /** Callers queued for the next batch. */
  int pendingWaiters() {
    return waiters.size();
  }

  private void run() {
    while (!closed) {
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      try {
        batch.add(waiters.take());
      } catch (InterruptedException e) {
        break;
      }
      waiters.drainTo(batch, MAX_BATCH - 1);
      batch.removeIf(CompletableFuture::isDone);
      if (!batch.isEmpty()) {
        dispatch(batch);
      }
    }
    failAll(waiters, new PdException("PD client is closed", false));
  }

  private void dispatch(List<CompletableFuture<Long>> waitersOfBatch) {
    Stream s;
    try {
      s = currentStream();
    } catch (RuntimeException e) {
      PdException failure = new PdException("cannot open the TSO stream: " + e.getMessage(), true, e);
      waitersOfBatch.forEach(w -> w.completeExceptionally(failure));
      onStreamBroken.run();
      return;
    }
    Batch batch = new Batch(waitersOfBatch);
    s.inflight.add(batch);
    // Counted before sending: the answer can complete the waiters before onNext returns, and a
    // reader of the metrics who holds a timestamp must see the request that produced it.
    requestsSent.increment();
    try {
      s.requests.onNext(
          TsoRequest.newBuilder()
              .setHeader(RequestHeader.newBuilder().setClusterId(clusterId.getAsLong()))
              .setCount(waitersOfBatch.size())
              .build());
    } catch (RuntimeException e) {
      s.broken(e, true);
      return;
    }
    try {
      batch.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      s.broken(new PdException("no TSO answer within " + timeout, true), true);
    } catch (ExecutionException e) {
      // the waiters already carry the failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.broken(new PdException("PD client is closed", false), true);
      closed = true;
    }
  }

  private Stream currentStream() {
    if (stream == null || stream.isBroken()) {
      Stream s = new Stream();
      s.requests = opener.apply(s);
      stream = s;
    }
    return stream;
  }

  private static void failAll(Queue<CompletableFuture<Long>> queue, Throwable cause) {
    CompletableFuture<Long> w;
    while ((w = queue.poll()) != null) {
      w.completeExceptionally(cause);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(waiters, new PdException("PD client is closed", false));
    Stream s = stream;
    if (s != null && !s.isBroken()) {
      s.broken(new PdException("PD client is closed", false), false);
      try {
        s.requests.onCompleted();
      } catch (RuntimeException ignored) {
        // the stream is going away anyway
      }
    }
  }

  private static final class Batch {
    final List<CompletableFuture<Long>> waiters;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Batch(List<CompletableFuture<Long>> waiters) {
      this.waiters = waiters;
    }

    void fail(Throwable cause) {
      waiters.forEach(w -> w.completeExceptionally(cause));
      done.completeExceptionally(cause);
    }
  }

  private final class Stream implements StreamObserver<TsoResponse> {
    final Queue<Batch> inflight = new ConcurrentLinkedQueue<>();
    final AtomicBoolean broken = new AtomicBoolean();
    volatile StreamObserver<TsoRequest> requests;

    boolean isBroken() {
      return broken.get();
    }

    @Override
    public void onNext(TsoResponse response) {
      Batch batch = inflight.poll();
      if (batch == null) {
        broken(new PdException("TSO answer without a request", true), true);
        return;
      }
      if (response.hasHeader() && response.getHeader().hasError()
          && response.getHeader().getError().getTypeValue() != 0) {
        inflight.add(batch);
        broken(new PdException("TSO error: " + response.getHeader().getError().getMessage(), true), true);
        return;
      }
      int n = batch.waiters.size();
      if (response.getCount() != n || !response.hasTimestamp()) {
        inflight.add(batch);
        broken(new PdException("TSO answered " + response.getCount() + " timestamps for " + n, true), true);
        return;
      }
      long physical = response.getTimestamp().getPhysical();
      long firstLogical = response.getTimestamp().getLogical() - n + 1;
      if (firstLogical < 0) {
        inflight.add(batch);
        broken(new PdException("TSO answered a logical clock below its count", true), true);
        return;
      }
      timestampsServed.add(n);
      for (int i = 0; i < n; i++) {
        batch.waiters.get(i).complete((physical << 18) | (firstLogical + i));
      }
      batch.done.complete(null);
    }

    @Override
    public void onError(Throwable t) {
      broken(new PdException("TSO stream broke: " + t.getMessage(), true, t), false);
    }

    @Override
    public void onCompleted() {
      broken(new PdException("PD closed the TSO stream", true), false);
    }

    /**
     * Marks the stream broken, tells the owner, then fails the waiters in flight. The owner hears
     * first so that a caller retrying the moment its wait fails already finds the old leader
     * forgotten, and does not open the next stream to it.
     */
    void broken(Throwable cause, boolean cancelCall) {
      if (!broken.compareAndSet(false, true)) {
        failInflight(cause);
        return;
      }
      if (cancelCall && requests instanceof ClientCallStreamObserver<TsoRequest> call) {
        call.cancel("TSO stream abandoned", cause);
      }
      if (cause instanceof PdException p && p.retryable()) {
        onStreamBroken.run();
      }
      failInflight(cause);
    }

    private void failInflight(Throwable cause) {
      Batch b;
      while ((b = inflight.poll()) != null) {
        b.fail(cause);
      }
    }
  }
}
