package io.cairn.storage.server;

import io.cairn.coprocessor.exec.DagRunner;
import io.cairn.coprocessor.exec.RunLimits;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.storage.copr.MvccKvSource;
import io.cairn.storage.region.RegionSnapshot;
import io.grpc.Context;
import io.grpc.Deadline;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Runs Cairn DAG requests (coprocessor {@code tp} {@value DagRunner#TP_CAIRN_DAG}) on the
 * region snapshot the service hands over, at the request's start_ts, until the call's gRPC
 * deadline. Other request types are answered with an {@code other_error}, as {@link DagRunner}
 * does.
 */
public final class DagCoprocessorHandler implements CoprocessorHandler {

  private final DagRunner runner;
  private final Clock clock;

  public DagCoprocessorHandler(Clock clock, RunLimits limits) {
    this.runner = new DagRunner(clock, limits);
    this.clock = clock;
  }

  @Override
  public Response handle(Request request, RegionSnapshot snapshot) {
    Deadline deadline = Context.current().getDeadline();
    Instant until =
        deadline == null
            ? null
            : clock.instant().plusNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
    return runner.handle(request, new MvccKvSource(snapshot, request.getStartTs()), until);
  }
}
