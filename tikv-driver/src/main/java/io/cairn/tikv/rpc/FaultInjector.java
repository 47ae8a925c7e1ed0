package io.cairn.tikv.rpc;

import com.google.protobuf.Message;
import io.cairn.proto.errorpb.Error;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Named fault rules applied to RPCs (failpoints): install it with {@link
 * RpcClient#addInterceptor} and add rules while a workload runs. Each rule has a condition on
 * the call, a number of firings ({@link #ALWAYS} for no limit) and a {@link Fault}; the first
 * matching rule with firings left applies, the call proceeds untouched when none does.
 * Thread-safe.
 */
public final class FaultInjector implements RpcInterceptor {

  public static final int ALWAYS = -1;

  /** What happens to a matched call. */
  public interface Fault {
    <Req extends Message, Resp extends Message> Resp apply(RpcCall<Req, Resp> call, Invocation<Req, Resp> next);
  }

  private record Rule(String name, Predicate<RpcCall<?, ?>> when, AtomicInteger remaining, Fault fault, LongAdder fired) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  /** Adds a rule; rules are tried in the order added. */
  public FaultInjector inject(String name, Predicate<RpcCall<?, ?>> when, int times, Fault fault) {
    if (times == 0 || times < ALWAYS) {
      throw new IllegalArgumentException("times must be positive or ALWAYS: " + times);
    }
    rules.add(new Rule(name, when, new AtomicInteger(times), fault, new LongAdder()));
    return this;
  }

  /** Removes the rules with this name. */
  public void clear(String name) {
    rules.removeIf(r -> r.name.equals(name));
  }

  public void clearAll() {
    rules.clear();
  }

  /** How often the rules with this name fired. */
  public long fired(String name) {
    return rules.stream().filter(r -> r.name.equals(name)).mapToLong(r -> r.fired.sum()).sum();
  }

  /** Every RPC to the store fails with UNAVAILABLE until {@link #storeUp}. */
  public FaultInjector storeDown(long storeId) {
    return inject("store-down-" + storeId, c -> c.storeId() == storeId, ALWAYS, status(Status.Code.UNAVAILABLE));
  }

  public void storeUp(long storeId) {
    clear("store-down-" + storeId);
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
    for (Rule rule : rules) {
      if (rule.when.test(call) && take(rule.remaining)) {
        rule.fired.increment();
        return rule.fault.apply(call, next);
      }
    }
    return next.proceed(call);
  }

  private static boolean take(AtomicInteger remaining) {
    while (true) {
      int n = remaining.get();
      if (n == ALWAYS) {
        return true;
      }
      if (n == 0) {
        return false;
      }
      if (remaining.compareAndSet(n, n - 1)) {
        return true;
      }
    }
  }

  /** Calls of this kind. */
  public static Predicate<RpcCall<?, ?>> kind(RpcKind<?, ?> kind) {
    return c -> c.kind() == kind;
  }

  /** Calls to this store. */
  public static Predicate<RpcCall<?, ?>> store(long storeId) {
    return c -> c.storeId() == storeId;
  }

  /** The node answers with this region error instead of serving. */
  public static Fault regionError(Error error) {
    return new Fault() {
      @Override
      public <Req extends Message, Resp extends Message> Resp apply(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        return call.kind().regionErrorResponse(error);
      }
    };
  }

  /** The call fails in transport before reaching the node (connection refused, dropped). */
  public static Fault status(Status.Code code) {
    return new Fault() {
      @Override
      public <Req extends Message, Resp extends Message> Resp apply(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        throw new StatusRuntimeException(Status.fromCode(code).withDescription("injected fault on " + call.kind()));
      }
    };
  }

  /**
   * The node serves the call but its answer is lost and the client sees {@code code}: the
   * case that makes a commit's outcome undetermined.
   */
  public static Fault statusAfterServing(Status.Code code) {
    return new Fault() {
      @Override
      public <Req extends Message, Resp extends Message> Resp apply(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        next.proceed(call);
        throw new StatusRuntimeException(Status.fromCode(code).withDescription("injected: answer of " + call.kind() + " lost"));
      }
    };
  }
}
