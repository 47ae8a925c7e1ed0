package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.ServerIsBusy;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.tikv.region.Access;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RpcKindTest {

  static Stream<RpcKind<?, ?>> kinds() {
    return RpcKind.values().stream();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void contextAndRegionErrorRoundTrip(RpcKind<?, ?> kind) {
    roundTrip(kind);
  }

  private static <Q extends Message, P extends Message> void roundTrip(RpcKind<Q, P> kind) {
    @SuppressWarnings("unchecked")
    Q empty = ((MethodDescriptor.PrototypeMarshaller<Q>) kind.method().getRequestMarshaller()).getMessagePrototype();
    Context ctx = Context.newBuilder().setRegionId(9).setReplicaRead(true).build();
    Q routed = kind.withContext(empty, ctx);
    assertThat(kind.context(routed)).isEqualTo(ctx);
    assertThat(kind.context(empty)).isEqualTo(Context.getDefaultInstance());
    Error busy = Error.newBuilder().setServerIsBusy(ServerIsBusy.newBuilder().setReason("x")).build();
    P response = kind.regionErrorResponse(busy);
    assertThat(kind.regionError(response)).isEqualTo(busy);
    @SuppressWarnings("unchecked")
    P served = ((MethodDescriptor.PrototypeMarshaller<P>) kind.method().getResponseMarshaller()).getMessagePrototype();
    assertThat(kind.regionError(served)).isNull();
  }

  @Test
  void everyUnaryTikvMethodHasAKind() {
    Set<String> covered = RpcKind.values().stream().map(RpcKind::name).collect(Collectors.toSet());
    Set<String> unary = TikvGrpc.getServiceDescriptor().getMethods().stream()
        .filter(m -> m.getType() == MethodDescriptor.MethodType.UNARY)
        .map(MethodDescriptor::getBareMethodName)
        .collect(Collectors.toSet());
    assertThat(covered).isEqualTo(unary);
  }

  @Test
  void onlyCommitTypeRequestsAreUndetermined() {
    List<RpcKind<?, ?>> undetermined = RpcKind.values().stream().filter(RpcKind::undeterminedOnRpcError).toList();
    assertThat(undetermined).containsExactlyInAnyOrder(RpcKind.KV_COMMIT, RpcKind.KV_PREWRITE_ONE_PC, RpcKind.RAW_COMPARE_AND_SWAP);
    assertThat(RpcKind.KV_PREWRITE_ONE_PC.method()).isSameAs(RpcKind.KV_PREWRITE.method());
    assertThat(RpcKind.KV_GET.access()).isEqualTo(Access.READ);
    assertThat(RpcKind.KV_PREWRITE.access()).isEqualTo(Access.WRITE);
  }
}
