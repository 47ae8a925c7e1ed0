package io.cairn.tikv.resource;

import com.google.protobuf.Message;
import io.cairn.tikv.region.Access;
import io.cairn.tikv.retry.Sleeper;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Charges every RPC to its resource group (TiDB's {@code tidb_enable_resource_control}; client-go's
 * resource-control interceptor). Before the call it takes the pre-charge from the group's token
 * bucket and, when the bucket is in debt, waits until the bucket covers it; after the call it
 * settles the response's cost (reads) or refunds a failed write. A group over its quota is
 * throttled, never failed: a request that would wait longer than {@code maxWait} waits {@code
 * maxWait}, is sent anyway, and is counted ({@link ResourceGroupStats#overMaxWaitRequests()});
 * its tokens stay owed, so the group's later requests pay for it.
 *
 * <p>Sizes: a write's payload is its request's serialized size less its {@code Context}; a read's
 * is its response's serialized size (region-error answers included: they are small).
 *
 * <p>Install it once with {@code RpcClient.addInterceptor}. {@link #setEnabled} switches it at
 * runtime; disabled, a call costs one volatile read. Thread-safe. Waiting happens on the caller's
 * thread through the {@link Sleeper}; an interrupted wait gives the tokens back and throws
 * {@link ThrottleInterruptedException}.
 */
public final class ResourceControlInterceptor implements RpcInterceptor {

  /** client-go's default longest wait for tokens ({@code ltb-max-wait-duration}, 30 s). */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final ResourceGroupRegistry registry;
  private final RuCostModel costModel;
  private final ResourceGroupSelector selector;
  private final long maxWaitNanos;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private volatile boolean enabled;

  /**
   * @param selector names each call's group ({@link ResourceGroupContext#SELECTOR} in production)
   * @param maxWait longest a request waits for tokens before it is sent anyway
   * @param enabled whether charging starts switched on
   */
  public ResourceControlInterceptor(
      ResourceGroupRegistry registry,
      RuCostModel costModel,
      ResourceGroupSelector selector,
      Duration maxWait,
      Sleeper sleeper,
      boolean enabled) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.costModel = Objects.requireNonNull(costModel, "costModel");
    this.selector = Objects.requireNonNull(selector, "selector");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("negative maxWait: " + maxWait);
    }
    this.maxWaitNanos = maxWait.toNanos();
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.nanoClock = registry.clock();
    this.enabled = enabled;
  }

  public void setEnabled(boolean on) {
    enabled = on;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public ResourceGroupRegistry registry() {
    return registry;
  }

  public RuCostModel costModel() {
    return costModel;
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
    if (!enabled) {
      return next.proceed(call);
    }
    GroupState group = registry.resolve(selector.groupOf(call));
    if (call.kind().access() == Access.WRITE) {
      return write(group, call, next);
    }
    return read(group, call, next);
  }

  private <Req extends Message, Resp extends Message> Resp read(GroupState group, RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
    double preCharge = costModel.readPreCharge();
    admit(group, preCharge);
    group.readRequests.increment();
    group.readRu.add(preCharge);
    Resp response = next.proceed(call);
    double settlement = costModel.readSettlement(response.getSerializedSize());
    group.bucket.consume(settlement);
    group.readRu.add(settlement);
    return response;
  }

  private <Req extends Message, Resp extends Message> Resp write(GroupState group, RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
    Req request = call.request();
    long writeBytes = Math.max(0, request.getSerializedSize() - call.kind().context(request).getSerializedSize());
    double preCharge = costModel.writePreCharge(writeBytes);
    admit(group, preCharge);
    group.writeRequests.increment();
    group.writeRu.add(preCharge);
    try {
      return next.proceed(call);
    } catch (RuntimeException e) {
      double refund = costModel.writeRefund(writeBytes);
      group.bucket.refund(refund);
      group.writeRu.add(-refund);
      throw e;
    }
  }

  /**
   * Charges {@code cpu} of CPU time spent on the group's behalf outside the stores (the SQL
   * layer's own work), as read RU, without waiting: the work is done already, and the debt slows
   * the group's next requests. Does nothing while disabled.
   *
   * @param group the group's name, null for {@code default}
   */
  public void chargeCpu(String group, Duration cpu) {
    if (!enabled) {
      return;
    }
    GroupState state = registry.resolve(group);
    double ru = costModel.cpuCost(cpu);
    state.bucket.consume(ru);
    state.readRu.add(ru);
    state.cpuMs.add(cpu.toNanos() / (double) NANOS_PER_MILLI);
  }

  private void admit(GroupState group, double cost) {
    long readyAt = group.bucket.reserve(cost);
    long wait = readyAt - nanoClock.getAsLong();
    if (wait <= 0) {
      return;
    }
    group.throttled.increment();
    if (wait > maxWaitNanos) {
      group.overMaxWait.increment();
      wait = maxWaitNanos;
    }
    long start = nanoClock.getAsLong();
    try {
      // Sleeper works in milliseconds: round up so the request never starts before its tokens.
      sleeper.sleep((wait + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.bucket.refund(cost);
      throw new ThrottleInterruptedException(group.name(), e);
    } finally {
      group.waitNanos.add(Math.max(0, nanoClock.getAsLong() - start));
    }
  }
}
