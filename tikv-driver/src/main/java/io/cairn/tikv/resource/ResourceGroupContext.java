package io.cairn.tikv.resource;

import io.grpc.Context;
import java.util.function.Supplier;

/**
 * Binds a resource group to the work a thread does, so that every RPC sent on its behalf is
 * charged to that group. The binding lives in the gRPC {@link Context}: it is scoped (it ends
 * when the bound block returns), and it follows work handed to other threads when the task is
 * wrapped with {@code Context.current().wrap(task)} or the executor with {@code
 * Context.currentContextExecutor(executor)}, which is how a transaction's parallel region
 * batches keep their session's group.
 *
 * <p>The SQL layer binds the session's group (its {@code resource_group} or {@code
 * BeginOptions.resourceGroup()}) around each statement; work with no binding is charged to
 * {@code default}.
 */
public final class ResourceGroupContext {

  private static final Context.Key<String> GROUP = Context.key("cairn-resource-group");

  /** Reads the group bound to the calling thread's gRPC Context. */
  public static final ResourceGroupSelector SELECTOR = call -> GROUP.get();

  private ResourceGroupContext() {}

  /** The group bound to the current thread, or null when none is. */
  public static String current() {
    return GROUP.get();
  }

  /** The current gRPC Context with {@code group} bound; run work in it with {@code run}, {@code call} or {@code wrap}. */
  public static Context with(String group) {
    return Context.current().withValue(GROUP, ResourceGroup.normalize(group));
  }

  /** Runs {@code work} with {@code group} bound. */
  public static void run(String group, Runnable work) {
    with(group).run(work);
  }

  /** Computes {@code work} with {@code group} bound. */
  public static <T> T supply(String group, Supplier<T> work) {
    Context bound = with(group);
    Context previous = bound.attach();
    try {
      return work.get();
    } finally {
      bound.detach(previous);
    }
  }
}
