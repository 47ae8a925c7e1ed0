package io.cairn.tikv.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawGetResponse;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.RawPutResponse;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor.Invocation;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.ManualClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResourceControlInterceptorTest {

  private static final double EPS = 1e-9;
  private static final RuCostModel MODEL = RuCostModel.DEFAULT.withWriteReplicas(1);

  private final ManualClock clock = new ManualClock();
  private final AdvancingSleeper sleeper = new AdvancingSleeper(clock);
  private final ResourceGroupRegistry registry = new ResourceGroupRegistry(clock);
  private final AtomicReference<String> selected = new AtomicReference<>();
  private final ResourceControlInterceptor rc =
      new ResourceControlInterceptor(registry, MODEL, call -> selected.get(), Duration.ofSeconds(2), sleeper, true);

  private static final RawGetResponse VALUE_4K = RawGetResponse.newBuilder().setValue(ByteString.copyFrom(new byte[4096])).build();

  private static RpcCall<RawGetRequest, RawGetResponse> get() {
    return new RpcCall<>(RpcKind.RAW_GET, 1, "store-1", 1, RawGetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build(), Duration.ofSeconds(1), 0);
  }

  private static RpcCall<RawPutRequest, RawPutResponse> put(int valueBytes, Context context) {
    RawPutRequest request = RawPutRequest.newBuilder().setContext(context).setKey(ByteString.copyFromUtf8("key"))
        .setValue(ByteString.copyFrom(new byte[valueBytes])).build();
    return new RpcCall<>(RpcKind.RAW_PUT, 1, "store-1", 1, request, Duration.ofSeconds(1), 0);
  }

  private static final Invocation<RawGetRequest, RawGetResponse> ANSWER_4K = c -> VALUE_4K;
  private static final Invocation<RawPutRequest, RawPutResponse> PUT_OK = c -> RawPutResponse.getDefaultInstance();

  @Test
  void readsPayBaseBeforeAndResponseBytesAfter() {
    assertThat(rc.intercept(get(), ANSWER_4K)).isSameAs(VALUE_4K);
    ResourceGroupStats d = registry.stats("default");
    assertThat(d.readRequests()).isEqualTo(1);
    assertThat(d.readRu()).isCloseTo(MODEL.readPreCharge() + MODEL.readSettlement(VALUE_4K.getSerializedSize()), within(EPS));
    assertThat(d.writeRu()).isZero();
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void writesPayTheirPayloadWithoutTheContext() {
    Context bigContext = Context.newBuilder().setRegionId(7).addAllResolvedLocks(java.util.stream.LongStream.range(1, 500).boxed().toList()).build();
    rc.intercept(put(1024, bigContext), PUT_OK);
    double wru = registry.stats("default").writeRu();
    // key (3) + value (1024) + a few bytes of tags and lengths; the 1 KiB+ Context is not charged.
    assertThat(wru).isBetween(MODEL.writePreCharge(1027), MODEL.writePreCharge(1027 + 12));
  }

  @Test
  void aGroupOverItsQuotaIsThrottledByWaitingAndNothingFails() {
    registry.create(new ResourceGroup("slow", 10, 10, Priority.LOW));
    selected.set("slow");
    long t0 = clock.getAsLong();
    int n = 200;
    for (int i = 0; i < n; i++) {
      assertThat(rc.intercept(get(), ANSWER_4K)).isSameAs(VALUE_4K);
    }
    ResourceGroupStats s = registry.stats("slow");
    assertThat(s.readRequests()).isEqualTo(n);
    double perRequest = MODEL.readPreCharge() + MODEL.readSettlement(VALUE_4K.getSerializedSize());
    assertThat(s.readRu()).isCloseTo(n * perRequest, within(1e-6));
    assertThat(s.throttledRequests()).isPositive().isLessThanOrEqualTo(n);
    assertThat(s.overMaxWaitRequests()).isZero();
    // The clock moved only by the waits: the group got its burst plus its rate, no more, no less.
    double elapsed = (clock.getAsLong() - t0) / 1e9;
    assertThat(elapsed).isEqualTo(sleeper.total() / 1000.0, within(EPS));
    assertThat(10 + 10 * elapsed).isBetween(n * perRequest - perRequest, n * perRequest + 10 * n * 0.001);
    assertThat(s.waitTime()).isEqualTo(Duration.ofMillis(sleeper.total()));
    assertThat(registry.stats("default").readRequests()).isZero();
  }

  @Test
  void aWaitLongerThanMaxWaitIsCutAndTheRequestStillGoesOut() {
    registry.create(new ResourceGroup("tiny", 1, 1, Priority.LOW));
    selected.set("tiny");
    rc.intercept(put(100 * 1024, Context.getDefaultInstance()), PUT_OK);
    rc.intercept(put(10, Context.getDefaultInstance()), PUT_OK);
    assertThat(sleeper.sleeps).containsExactly(2000L, 2000L);
    ResourceGroupStats s = registry.stats("tiny");
    assertThat(s.writeRequests()).isEqualTo(2);
    assertThat(s.throttledRequests()).isEqualTo(2);
    assertThat(s.overMaxWaitRequests()).isEqualTo(2);
    // The cut waits are owed: the bucket is deep in debt.
    assertThat(s.availableRu()).isLessThan(-90);
  }

  @Test
  void switchedOffAtRuntimeItChargesNothing() {
    registry.create(new ResourceGroup("tiny", 1, 1, Priority.LOW));
    selected.set("tiny");
    rc.setEnabled(false);
    assertThat(rc.isEnabled()).isFalse();
    for (int i = 0; i < 50; i++) {
      rc.intercept(put(4096, Context.getDefaultInstance()), PUT_OK);
    }
    rc.chargeCpu("tiny", Duration.ofSeconds(1));
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(registry.stats("tiny").writeRequests()).isZero();
    assertThat(registry.stats("tiny").totalRu()).isZero();

    rc.setEnabled(true);
    rc.intercept(put(4096, Context.getDefaultInstance()), PUT_OK);
    assertThat(registry.stats("tiny").writeRequests()).isEqualTo(1);
    assertThat(sleeper.sleeps).hasSize(1);
  }

  @Test
  void switchedOffItDoesNotEvenLookUpTheGroup() {
    AtomicInteger lookups = new AtomicInteger();
    ResourceControlInterceptor counting = new ResourceControlInterceptor(registry, MODEL, call -> {
      lookups.incrementAndGet();
      return null;
    }, Duration.ofSeconds(2), sleeper, false);
    for (int i = 0; i < 10; i++) {
      counting.intercept(get(), ANSWER_4K);
    }
    assertThat(lookups).hasValue(0);
    counting.setEnabled(true);
    counting.intercept(get(), ANSWER_4K);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void registryChangesApplyToTheNextRequest() {
    registry.create(new ResourceGroup("etl", 1, 1, Priority.LOW));
    selected.set("etl");
    rc.intercept(get(), ANSWER_4K);
    rc.intercept(get(), ANSWER_4K);
    int sleepsWhileSlow = sleeper.sleeps.size();
    assertThat(sleepsWhileSlow).isPositive();

    registry.alter(new ResourceGroup("etl", 1_000_000, 1_000_000, Priority.HIGH));
    // The bucket keeps its (near-empty) tokens across ALTER; one millisecond refills 1,000 RU.
    clock.advance(Duration.ofMillis(1));
    for (int i = 0; i < 100; i++) {
      rc.intercept(get(), ANSWER_4K);
    }
    assertThat(sleeper.sleeps).hasSize(sleepsWhileSlow);

    registry.drop("etl");
    rc.intercept(get(), ANSWER_4K);
    assertThat(registry.stats("default").readRequests()).isEqualTo(1);
    assertThat(registry.unknownGroupFallbacks()).isEqualTo(1);
  }

  @Test
  void aFailedWriteIsRefundedAllButItsBatchShareAndTheErrorPassesThrough() {
    Invocation<RawPutRequest, RawPutResponse> broken = c -> {
      throw new StatusRuntimeException(Status.UNAVAILABLE);
    };
    assertThatThrownBy(() -> rc.intercept(put(2048, Context.getDefaultInstance()), broken)).isInstanceOf(StatusRuntimeException.class);
    ResourceGroupStats d = registry.stats("default");
    assertThat(d.writeRequests()).isEqualTo(1);
    assertThat(d.writeRu()).isCloseTo(MODEL.writePerBatchBaseCost() * MODEL.avgBatchProportion(), within(EPS));
  }

  @Test
  void aFailedReadKeepsItsPreCharge() {
    Invocation<RawGetRequest, RawGetResponse> broken = c -> {
      throw new StatusRuntimeException(Status.DEADLINE_EXCEEDED);
    };
    assertThatThrownBy(() -> rc.intercept(get(), broken)).isInstanceOf(StatusRuntimeException.class);
    assertThat(registry.stats("default").readRu()).isCloseTo(MODEL.readPreCharge(), within(EPS));
  }

  @Test
  void cpuIsChargedAsReadRuAndSlowsTheNextRequest() {
    registry.create(new ResourceGroup("report", 100, 100, Priority.MEDIUM));
    rc.chargeCpu("report", Duration.ofMillis(600));
    ResourceGroupStats s = registry.stats("report");
    assertThat(s.readRu()).isCloseTo(200, within(1e-9));
    assertThat(s.cpuMs()).isCloseTo(600, within(1e-9));
    assertThat(s.availableRu()).isCloseTo(-100, within(1e-9));
    selected.set("report");
    rc.intercept(get(), ANSWER_4K);
    // 100 RU of debt plus the pre-charge at 100 RU/s.
    assertThat(sleeper.sleeps).containsExactly((long) Math.ceil((100 + MODEL.readPreCharge()) * 10));
  }

  @Test
  void anInterruptedWaitGivesTheTokensBackAndDoesNotSend() {
    ResourceGroupRegistry reg = new ResourceGroupRegistry(clock);
    reg.create(new ResourceGroup("tiny", 1, 1, Priority.LOW));
    ResourceControlInterceptor interrupting = new ResourceControlInterceptor(reg, MODEL, call -> "tiny", Duration.ofSeconds(30),
        millis -> {
          throw new InterruptedException("kill");
        }, true);
    AtomicInteger sent = new AtomicInteger();
    double before = reg.stats("tiny").availableRu();
    try {
      assertThatThrownBy(() -> interrupting.intercept(put(4096, Context.getDefaultInstance()), c -> {
        sent.incrementAndGet();
        return RawPutResponse.getDefaultInstance();
      })).isInstanceOf(ThrottleInterruptedException.class).hasMessageContaining("tiny");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(sent).hasValue(0);
    assertThat(reg.stats("tiny").availableRu()).isCloseTo(before, within(EPS));
  }

  @Test
  void theGroupBoundInTheGrpcContextFollowsWrappedTasks() throws Exception {
    registry.create(ResourceGroup.limited("oltp", 1_000_000, Priority.HIGH));
    ResourceControlInterceptor fromContext =
        new ResourceControlInterceptor(registry, MODEL, ResourceGroupContext.SELECTOR, Duration.ofSeconds(2), sleeper, true);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      ResourceGroupContext.run("OLTP", () -> {
        assertThat(ResourceGroupContext.current()).isEqualTo("oltp");
        fromContext.intercept(get(), ANSWER_4K);
        try {
          other.submit(io.grpc.Context.current().wrap(() -> fromContext.intercept(get(), ANSWER_4K))).get(30, TimeUnit.SECONDS);
          // Not wrapped: the other thread has no binding.
          other.submit(() -> fromContext.intercept(get(), ANSWER_4K)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertThat(ResourceGroupContext.supply("oltp", () -> fromContext.intercept(get(), ANSWER_4K))).isSameAs(VALUE_4K);
    } finally {
      other.shutdownNow();
    }
    assertThat(ResourceGroupContext.current()).isNull();
    fromContext.intercept(get(), ANSWER_4K);
    assertThat(registry.stats("oltp").readRequests()).isEqualTo(3);
    assertThat(registry.stats("default").readRequests()).isEqualTo(2);
  }
}
