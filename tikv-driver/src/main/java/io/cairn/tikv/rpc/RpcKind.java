package io.cairn.tikv.rpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.tikv.region.Access;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One unary RPC of the {@code tikvpb.Tikv} service, described once so that a single sender
 * serves all of them: its method, whether it writes, whether a failed attempt leaves its
 * outcome unknown, and — found by field name in the protobuf descriptors, checked when the kind
 * is created — where its request carries the {@code context} and its response the {@code
 * region_error}.
 *
 * <p>{@link #undeterminedOnRpcError()} marks commit-type requests: when such a request fails in
 * transport it may or may not have been applied, so the sender reports the outcome as
 * undetermined instead of retrying it blindly.
 */
public final class RpcKind<Req extends Message, Resp extends Message> {

  private static final List<RpcKind<?, ?>> ALL = new ArrayList<>();

  public static final RpcKind<io.cairn.proto.kvrpcpb.GetRequest, io.cairn.proto.kvrpcpb.GetResponse> KV_GET =
      read(TikvGrpc.getKvGetMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.ScanRequest, io.cairn.proto.kvrpcpb.ScanResponse> KV_SCAN =
      read(TikvGrpc.getKvScanMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.BatchGetRequest, io.cairn.proto.kvrpcpb.BatchGetResponse> KV_BATCH_GET =
      read(TikvGrpc.getKvBatchGetMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.PrewriteRequest, io.cairn.proto.kvrpcpb.PrewriteResponse> KV_PREWRITE =
      write(TikvGrpc.getKvPrewriteMethod(), false);
  /**
   * A prewrite asking for a one-phase commit ({@code try_one_pc}): it may be the commit point,
   * so a transport failure leaves its outcome unknown, as a commit's.
   */
  public static final RpcKind<io.cairn.proto.kvrpcpb.PrewriteRequest, io.cairn.proto.kvrpcpb.PrewriteResponse>
      KV_PREWRITE_ONE_PC = write(TikvGrpc.getKvPrewriteMethod(), true);
  public static final RpcKind<io.cairn.proto.kvrpcpb.CommitRequest, io.cairn.proto.kvrpcpb.CommitResponse> KV_COMMIT =
      write(TikvGrpc.getKvCommitMethod(), true);
  public static final RpcKind<io.cairn.proto.kvrpcpb.PessimisticLockRequest, io.cairn.proto.kvrpcpb.PessimisticLockResponse>
      KV_PESSIMISTIC_LOCK = write(TikvGrpc.getKvPessimisticLockMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.PessimisticRollbackRequest, io.cairn.proto.kvrpcpb.PessimisticRollbackResponse>
      KV_PESSIMISTIC_ROLLBACK = write(TikvGrpc.getKVPessimisticRollbackMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.TxnHeartBeatRequest, io.cairn.proto.kvrpcpb.TxnHeartBeatResponse>
      KV_TXN_HEART_BEAT = write(TikvGrpc.getKvTxnHeartBeatMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.CheckTxnStatusRequest, io.cairn.proto.kvrpcpb.CheckTxnStatusResponse>
      KV_CHECK_TXN_STATUS = write(TikvGrpc.getKvCheckTxnStatusMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.CleanupRequest, io.cairn.proto.kvrpcpb.CleanupResponse> KV_CLEANUP =
      write(TikvGrpc.getKvCleanupMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.BatchRollbackRequest, io.cairn.proto.kvrpcpb.BatchRollbackResponse>
      KV_BATCH_ROLLBACK = write(TikvGrpc.getKvBatchRollbackMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.ScanLockRequest, io.cairn.proto.kvrpcpb.ScanLockResponse> KV_SCAN_LOCK =
      read(TikvGrpc.getKvScanLockMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.ResolveLockRequest, io.cairn.proto.kvrpcpb.ResolveLockResponse>
      KV_RESOLVE_LOCK = write(TikvGrpc.getKvResolveLockMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.GCRequest, io.cairn.proto.kvrpcpb.GCResponse> KV_GC =
      write(TikvGrpc.getKvGCMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawGetRequest, io.cairn.proto.kvrpcpb.RawGetResponse> RAW_GET =
      read(TikvGrpc.getRawGetMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawBatchGetRequest, io.cairn.proto.kvrpcpb.RawBatchGetResponse>
      RAW_BATCH_GET = read(TikvGrpc.getRawBatchGetMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawPutRequest, io.cairn.proto.kvrpcpb.RawPutResponse> RAW_PUT =
      write(TikvGrpc.getRawPutMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawBatchPutRequest, io.cairn.proto.kvrpcpb.RawBatchPutResponse>
      RAW_BATCH_PUT = write(TikvGrpc.getRawBatchPutMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawDeleteRequest, io.cairn.proto.kvrpcpb.RawDeleteResponse> RAW_DELETE =
      write(TikvGrpc.getRawDeleteMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawBatchDeleteRequest, io.cairn.proto.kvrpcpb.RawBatchDeleteResponse>
      RAW_BATCH_DELETE = write(TikvGrpc.getRawBatchDeleteMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawScanRequest, io.cairn.proto.kvrpcpb.RawScanResponse> RAW_SCAN =
      read(TikvGrpc.getRawScanMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawDeleteRangeRequest, io.cairn.proto.kvrpcpb.RawDeleteRangeResponse>
      RAW_DELETE_RANGE = write(TikvGrpc.getRawDeleteRangeMethod(), false);
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawGetKeyTTLRequest, io.cairn.proto.kvrpcpb.RawGetKeyTTLResponse>
      RAW_GET_KEY_TTL = read(TikvGrpc.getRawGetKeyTTLMethod());
  /** A compare-and-swap that timed out may have swapped: its outcome is unknown. */
  public static final RpcKind<io.cairn.proto.kvrpcpb.RawCASRequest, io.cairn.proto.kvrpcpb.RawCASResponse>
      RAW_COMPARE_AND_SWAP = write(TikvGrpc.getRawCompareAndSwapMethod(), true);
  public static final RpcKind<Request, Response> COPROCESSOR = read(TikvGrpc.getCoprocessorMethod());
  public static final RpcKind<io.cairn.proto.kvrpcpb.SplitRegionRequest, io.cairn.proto.kvrpcpb.SplitRegionResponse>
      SPLIT_REGION = write(TikvGrpc.getSplitRegionMethod(), false);

  private final int index;
  private final MethodDescriptor<Req, Resp> method;
  private final Access access;
  private final boolean undeterminedOnRpcError;
  private final Req requestPrototype;
  private final Resp responsePrototype;
  private final FieldDescriptor contextField;
  private final FieldDescriptor regionErrorField;

  private RpcKind(MethodDescriptor<Req, Resp> method, Access access, boolean undeterminedOnRpcError) {
    // Kinds are created one after another in the static initializer, each registered at once.
    this.index = ALL.size();
    this.method = method;
    this.access = access;
    this.undeterminedOnRpcError = undeterminedOnRpcError;
    this.requestPrototype = prototype(method.getRequestMarshaller(), method);
    this.responsePrototype = prototype(method.getResponseMarshaller(), method);
    this.contextField = field(requestPrototype, "context", Context.getDescriptor().getFullName(), method);
    this.regionErrorField = field(responsePrototype, "region_error", Error.getDescriptor().getFullName(), method);
  }

  private static <Q extends Message, P extends Message> RpcKind<Q, P> read(MethodDescriptor<Q, P> method) {
    return register(new RpcKind<>(method, Access.READ, false));
  }

  private static <Q extends Message, P extends Message> RpcKind<Q, P> write(MethodDescriptor<Q, P> method, boolean undetermined) {
    return register(new RpcKind<>(method, Access.WRITE, undetermined));
  }

  private static <Q extends Message, P extends Message> RpcKind<Q, P> register(RpcKind<Q, P> kind) {
    ALL.add(kind);
    return kind;
  }

  @SuppressWarnings("unchecked")
  private static <T> T prototype(MethodDescriptor.Marshaller<T> marshaller, MethodDescriptor<?, ?> method) {
    if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<T> p) {
      return p.getMessagePrototype();
    }
    throw new IllegalStateException(method.getFullMethodName() + " does not use protobuf marshallers");
  }

  private static FieldDescriptor field(Message prototype, String name, String type, MethodDescriptor<?, ?> method) {
    FieldDescriptor f = prototype.getDescriptorForType().findFieldByName(name);
    if (f == null || f.getType() != FieldDescriptor.Type.MESSAGE || !f.getMessageType().getFullName().equals(type)) {
      throw new IllegalStateException(method.getFullMethodName() + ": " + prototype.getDescriptorForType().getFullName()
          + " has no field " + name + " of type " + type);
    }
    return f;
  }

  /** Every kind, in declaration order. */
  public static List<RpcKind<?, ?>> values() {
    return Collections.unmodifiableList(ALL);
  }

  /** The kind's position in {@link #values()}: a dense index for per-kind tables. */
  public int index() {
    return index;
  }

  /** The RPC's name on the wire ({@code KvGet}). */
  public String name() {
    return method.getBareMethodName();
  }

  public MethodDescriptor<Req, Resp> method() {
    return method;
  }

  public Access access() {
    return access;
  }

  public boolean undeterminedOnRpcError() {
    return undeterminedOnRpcError;
  }

  /** The request's Context, the default instance when unset. */
  public Context context(Req request) {
    return (Context) request.getField(contextField);
  }

  /** {@code request} with its Context replaced. */
  @SuppressWarnings("unchecked")
  public Req withContext(Req request, Context context) {
    return (Req) request.toBuilder().setField(contextField, context).build();
  }

  /** The response's region error, or null when it has none. */
  public Error regionError(Resp response) {
    return response.hasField(regionErrorField) ? (Error) response.getField(regionErrorField) : null;
  }

  /** A response carrying only {@code error}: what a node answers when it cannot serve. */
  @SuppressWarnings("unchecked")
  public Resp regionErrorResponse(Error error) {
    return (Resp) responsePrototype.toBuilder().setField(regionErrorField, error).build();
  }

  @Override
  public String toString() {
    return name();
  }
}
