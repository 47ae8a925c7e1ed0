package io.cairn.storage.pd;

import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Fetches single PD timestamps for the node's own needs (the max_ts sync of a new leader, one
 * per safe ts round), one short {@code Tso} stream per call: rare calls, so no batching stream
 * is kept open. A timestamp is {@code physical << 18 | logical}.
 *
 * <p>Thread-safe; it borrows the {@link PdConnection}'s leader channel and closes nothing.
 */
public final class PdTimestamps implements LongSupplier {
  private final PdConnection pd;

  public PdTimestamps(PdConnection pd) {
    this.pd = pd;
  }

  /**
   * A fresh timestamp (blocking, within the connection's request timeout).
   *
   * @throws PdClientException when PD refuses or does not answer in time
   */
  public long next() {
    PdConnection.Leader leader = pd.leader();
    long timeoutNanos = pd.config().requestTimeout().toNanos();
    CompletableFuture<TsoResponse> answer = new CompletableFuture<>();
    // the node's own call: never under the deadline or cancellation of a client request
    io.grpc.Context previous = io.grpc.Context.ROOT.attach();
    StreamObserver<TsoRequest> requests;
    try {
      requests = PDGrpc.newStub(leader.channel())
          .withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS)
          .tso(new StreamObserver<>() {
            @Override
            public void onNext(TsoResponse r) {
              answer.complete(r);
            }

            @Override
            public void onError(Throwable t) {
              answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              answer.completeExceptionally(new IllegalStateException("Tso stream closed empty"));
            }
          });
      requests.onNext(TsoRequest.newBuilder().setHeader(pd.header()).setCount(1).build());
      requests.onCompleted();
    } finally {
      io.grpc.Context.ROOT.detach(previous);
    }
    TsoResponse r;
    try {
      r = answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PdClientException.unavailable("Tso interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      pd.leaderFailed(leader, e);
      throw PdClientException.unavailable("Tso failed at " + leader.url() + ": " + e, e);
    }
    if (r.getHeader().hasError()
        && r.getHeader().getError().getType() != io.cairn.proto.pdpb.ErrorType.OK) {
      throw PdClientException.refused("Tso", r.getHeader().getError());
    }
    return r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
  }

  /** {@link #next()}. */
  @Override
  public long getAsLong() {
    return next();
  }
}
