package io.cairn.tikv.pd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The order of events when a TSO stream breaks. A caller retries the moment its wait fails, so
 * the owner must have forgotten the old leader by then; otherwise the retry reopens the stream
 * to the server that just dropped it (the flake PdFailoverTest once showed).
 */
class TsoDispatcherOrderTest {

  @Test
  void theOwnerHearsOfABrokenStreamBeforeTheWaitersFail() throws Exception {
    AtomicReference<CompletableFuture<Long>> waiter = new AtomicReference<>();
    CountDownLatch waiterKnown = new CountDownLatch(1);
    AtomicReference<Boolean> waiterDoneWhenOwnerHeard = new AtomicReference<>();
    try (TsoDispatcher dispatcher = new TsoDispatcher(
        responses -> new StreamObserver<TsoRequest>() {
          @Override
          public void onNext(TsoRequest request) {
            Thread.ofPlatform().start(() -> {
              try {
                waiterKnown.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              responses.onError(Status.UNAVAILABLE.withDescription("dropped").asRuntimeException());
            });
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        },
        () -> 1,
        () -> waiterDoneWhenOwnerHeard.compareAndSet(null, waiter.get().isDone()),
        Duration.ofSeconds(30),
        Thread::new)) {
      waiter.set(dispatcher.request());
      waiterKnown.countDown();
      assertThat(waiter.get()).failsWithin(Duration.ofSeconds(30));
      assertThat(waiterDoneWhenOwnerHeard.get()).as("waiter already failed when the owner heard").isFalse();
    }
  }
}
