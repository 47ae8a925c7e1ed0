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
 * One PD timestamp at a time, for the node's own needs (the safe ts rounds, about one call per
 * second): each call opens a {@code Tso} stream to the leader, asks for one timestamp and closes
 * it. Clients that need many timestamps batch them; the node does not.
 *
 * <p>{@link #getAsLong} blocks up to the connection's request timeout and throws
 * {@link PdClientException} when PD does not answer or refuses. Thread-safe.
 */
public final class PdTso implements LongSupplier {
  private final PdConnection pd;

  public PdTso(PdConnection pd) {
    this.pd = pd;
  }

  @Override
  public long getAsLong() {
    PdConnection.Leader leader = pd.leader();
    CompletableFuture<TsoResponse> answer = new CompletableFuture<>();
    io.grpc.Context previous = io.grpc.Context.ROOT.attach();
    StreamObserver<TsoRequest> requests;
    try {
      requests = PDGrpc.newStub(leader.channel())
          .withDeadlineAfter(pd.config().requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
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
              answer.completeExceptionally(new IllegalStateException("TSO stream closed without a timestamp"));
            }
          });
    } finally {
      io.grpc.Context.ROOT.detach(previous);
    }
    requests.onNext(TsoRequest.newBuilder().setHeader(pd.header()).setCount(1).build());
    try {
      TsoResponse r = answer.get(pd.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (r.getHeader().hasError() && r.getHeader().getError().getType() != io.cairn.proto.pdpb.ErrorType.OK) {
        throw PdClientException.refused("Tso", r.getHeader().getError());
      }
      return r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
    } catch (ExecutionException | TimeoutException e) {
      pd.leaderFailed(leader, e);
      throw PdClientException.unavailable("Tso failed at " + leader.url() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PdClientException.unavailable("interrupted waiting for a timestamp", e);
    } finally {
      requests.onCompleted();
    }
  }
}
