package io.cairn.tikv.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchGetResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.kvrpcpb.PrewriteResponse;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.tikv.testing.InProcess;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Storage nodes that answer from a script: each store takes the next scripted step (a region
 * error, or a gRPC status) for every request it receives, and serves normally when its script is
 * empty. Every request is recorded with the store that got it.
 */
final class FakeTikvCluster implements AutoCloseable {

  /** One scripted answer. */
  record Step(Error regionError, Status.Code status) {
    static Step error(Error e) {
      return new Step(e, null);
    }

    static Step status(Status.Code code) {
      return new Step(null, code);
    }
  }

  record Received(long storeId, String method, Context context, Message request) {}

  private final InProcess net = new InProcess();
  private final Map<Long, Deque<Step>> scripts = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final Map<Long, Boolean> serving = new ConcurrentHashMap<>();
  private final String prefix;

  FakeTikvCluster(String prefix) {
    this.prefix = prefix;
  }

  String address(long storeId) {
    return prefix + "-" + storeId;
  }

  void startStore(long storeId) {
    serving.put(storeId, true);
    net.start(address(storeId), new Node(storeId), new Health(storeId));
  }

  void script(long storeId, Step... steps) {
    Deque<Step> q = scripts.computeIfAbsent(storeId, id -> new ArrayDeque<>());
    synchronized (q) {
      q.addAll(List.of(steps));
    }
  }

  List<Long> storesReached() {
    return received.stream().map(Received::storeId).toList();
  }

  private Step nextStep(long storeId) {
    Deque<Step> q = scripts.get(storeId);
    if (q == null) {
      return null;
    }
    synchronized (q) {
      return q.poll();
    }
  }

  @Override
  public void close() {
    net.close();
  }

  private final class Health extends HealthGrpc.HealthImplBase {
    private final long storeId;

    Health(long storeId) {
      this.storeId = storeId;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
      out.onNext(HealthCheckResponse.newBuilder()
          .setStatus(serving.getOrDefault(storeId, false)
              ? HealthCheckResponse.ServingStatus.SERVING
              : HealthCheckResponse.ServingStatus.NOT_SERVING)
          .build());
      out.onCompleted();
    }
  }

  private final class Node extends TikvGrpc.TikvImplBase {
    private final long storeId;

    Node(long storeId) {
      this.storeId = storeId;
    }

    private <Req extends Message, Resp extends Message> void handle(
        RpcKind<Req, Resp> kind, Req request, Resp served, StreamObserver<Resp> out) {
      received.add(new Received(storeId, kind.name(), kind.context(request), request));
      Step step = nextStep(storeId);
      if (step == null) {
        out.onNext(served);
        out.onCompleted();
      } else if (step.regionError() != null) {
        out.onNext(kind.regionErrorResponse(step.regionError()));
        out.onCompleted();
      } else {
        out.onError(Status.fromCode(step.status()).withDescription("scripted").asRuntimeException());
      }
    }

    @Override
    public void kvGet(GetRequest request, StreamObserver<GetResponse> out) {
      handle(RpcKind.KV_GET, request, GetResponse.newBuilder().setValue(ByteString.copyFromUtf8("v@" + storeId)).build(), out);
    }

    @Override
    public void kvBatchGet(BatchGetRequest request, StreamObserver<BatchGetResponse> out) {
      handle(RpcKind.KV_BATCH_GET, request, BatchGetResponse.getDefaultInstance(), out);
    }

    @Override
    public void kvPrewrite(PrewriteRequest request, StreamObserver<PrewriteResponse> out) {
      handle(RpcKind.KV_PREWRITE, request, PrewriteResponse.getDefaultInstance(), out);
    }

    @Override
    public void kvCommit(CommitRequest request, StreamObserver<CommitResponse> out) {
      handle(RpcKind.KV_COMMIT, request, CommitResponse.newBuilder().setCommitVersion(request.getCommitVersion()).build(), out);
    }
  }
}
