package io.cairn.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.proto.errorpb.NotLeader;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.Timestamp;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The generated messages and stubs work, and speak the same bytes and paths as TiKV clients. */
class GeneratedCodeSmokeTest {

  private static final long DEADLINE_SECONDS = 30;

  private static GetRequest sampleGet() {
    return GetRequest.newBuilder()
        .setContext(
            Context.newBuilder()
                .setRegionId(7)
                .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(2).setVersion(5))
                .setPeer(Peer.newBuilder().setId(11).setStoreId(3)))
        .setKey(ByteString.copyFromUtf8("t\u0080k"))
        .setVersion(449_000_000_000_000_000L)
        .build();
  }

  @Test
  void aRequestRoundTripsThroughItsBytes() throws Exception {
    GetRequest request = sampleGet();

    GetRequest parsed = GetRequest.parseFrom(request.toByteArray());

    assertThat(parsed).isEqualTo(request);
    assertThat(parsed.getContext().getRegionEpoch().getVersion()).isEqualTo(5);
    assertThat(parsed.getKey().toStringUtf8()).isEqualTo("t\u0080k");
  }

  @Test
  void tikvClientJavaReadsOurBytesAndWeReadItsBytes() throws Exception {
    org.tikv.kvproto.Kvrpcpb.GetRequest theirs =
        org.tikv.kvproto.Kvrpcpb.GetRequest.parseFrom(sampleGet().toByteArray());
    assertThat(theirs.getContext().getRegionId()).isEqualTo(7);
    assertThat(theirs.getContext().getPeer().getStoreId()).isEqualTo(3);
    assertThat(theirs.getVersion()).isEqualTo(449_000_000_000_000_000L);

    byte[] theirResponse =
        org.tikv.kvproto.Kvrpcpb.GetResponse.newBuilder()
            .setRegionError(
                org.tikv.kvproto.Errorpb.Error.newBuilder()
                    .setNotLeader(
                        org.tikv.kvproto.Errorpb.NotLeader.newBuilder()
                            .setRegionId(7)
                            .setLeader(org.tikv.kvproto.Metapb.Peer.newBuilder().setId(12).setStoreId(4))))
            .setError(
                org.tikv.kvproto.Kvrpcpb.KeyError.newBuilder()
                    .setLocked(
                        org.tikv.kvproto.Kvrpcpb.LockInfo.newBuilder()
                            .setLockVersion(99)
                            .setLockType(org.tikv.kvproto.Kvrpcpb.Op.PessimisticLock)))
            .build()
            .toByteArray();
    GetResponse ours = GetResponse.parseFrom(theirResponse);

    assertThat(ours.getRegionError().getNotLeader().getLeader().getStoreId()).isEqualTo(4);
    assertThat(ours.getError().getLocked().getLockVersion()).isEqualTo(99);
    assertThat(ours.getError().getLocked().getLockType()).isEqualTo(Op.PessimisticLock);
    assertThat(ours.getUnknownFields().asMap()).isEmpty();
  }

  @Test
  void everyRpcOfOursHasTikvClientJavasPathAndKind() {
    Map<String, MethodType> theirs = new HashMap<>();
    for (var m : org.tikv.kvproto.TikvGrpc.getServiceDescriptor().getMethods()) {
      theirs.put(m.getFullMethodName(), MethodType.valueOf(m.getType().name()));
    }
    for (var m : org.tikv.kvproto.PDGrpc.getServiceDescriptor().getMethods()) {
      theirs.put(m.getFullMethodName(), MethodType.valueOf(m.getType().name()));
    }
    Map<String, MethodType> ours = new HashMap<>();
    for (var m : TikvGrpc.getServiceDescriptor().getMethods()) {
      ours.put(m.getFullMethodName(), m.getType());
    }
    for (var m : PDGrpc.getServiceDescriptor().getMethods()) {
      ours.put(m.getFullMethodName(), m.getType());
    }

    assertThat(theirs).containsAllEntriesOf(ours);
    assertThat(ours)
        .containsEntry("tikvpb.Tikv/KvGet", MethodType.UNARY)
        .containsEntry("tikvpb.Tikv/CoprocessorStream", MethodType.SERVER_STREAMING)
        .containsEntry("pdpb.PD/Tso", MethodType.BIDI_STREAMING)
        .containsEntry("pdpb.PD/RegionHeartbeat", MethodType.BIDI_STREAMING);
  }

  @Test
  void generatedStubsCallAnInProcessServer() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new NotLeaderTikv())
            .addService(new CountingTso())
            .build()
            .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      GetResponse unary =
          TikvGrpc.newBlockingStub(channel)
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .kvGet(sampleGet());
      assertThat(unary.getRegionError().getNotLeader().getRegionId()).isEqualTo(7);

      List<Long> logicals = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      StreamObserver<TsoRequest> requests =
          PDGrpc.newStub(channel)
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .tso(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(TsoResponse r) {
                      logicals.add(r.getTimestamp().getLogical());
                    }

                    @Override
                    public void onError(Throwable t) {
                      done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                      done.countDown();
                    }
                  });
      requests.onNext(TsoRequest.newBuilder().setCount(3).build());
      requests.onNext(TsoRequest.newBuilder().setCount(2).build());
      requests.onCompleted();

      assertThat(done.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(logicals).containsExactly(3L, 5L);
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  /** Answers every KvGet with NotLeader for the request's region. */
  private static final class NotLeaderTikv extends TikvGrpc.TikvImplBase {
    @Override
    public void kvGet(GetRequest request, StreamObserver<GetResponse> responses) {
      responses.onNext(
          GetResponse.newBuilder()
              .setRegionError(
                  io.cairn.proto.errorpb.Error.newBuilder()
                      .setNotLeader(NotLeader.newBuilder().setRegionId(request.getContext().getRegionId())))
              .build());
      responses.onCompleted();
    }
  }

  /** Grants `count` logical ticks per request and reports the last one, as PD does. */
  private static final class CountingTso extends PDGrpc.PDImplBase {
    @Override
    public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> responses) {
      return new StreamObserver<>() {
        private long logical;

        @Override
        public void onNext(TsoRequest request) {
          logical += request.getCount();
          responses.onNext(
              TsoResponse.newBuilder()
                  .setCount(request.getCount())
                  .setTimestamp(Timestamp.newBuilder().setPhysical(1).setLogical(logical))
                  .build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }
  }
}
