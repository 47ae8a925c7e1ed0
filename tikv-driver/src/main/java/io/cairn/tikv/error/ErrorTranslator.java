package io.cairn.tikv.error;

import io.cairn.kv.DeadlockException;
import io.cairn.kv.ErrorCode;
import io.cairn.kv.Key;
import io.cairn.kv.KeyExistsException;
import io.cairn.kv.KvException;
import io.cairn.kv.LockWaitTimeoutException;
import io.cairn.kv.RegionUnavailableException;
import io.cairn.kv.ResultUndeterminedException;
import io.cairn.kv.WriteConflictException;
import io.cairn.proto.kvrpcpb.KeyError;
import io.cairn.tikv.copr.CoprocessorFailedException;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.retry.BackoffExhaustedException;
import io.cairn.tikv.retry.BackoffInterruptedException;
import io.cairn.tikv.rpc.RegionErrorException;
import io.cairn.tikv.rpc.StoreLimitExceededException;
import io.grpc.StatusRuntimeException;

/**
 * Turns the driver's internal failures into kv-interface errors, once, where a call leaves the
 * driver (TiDB's {@code ToTiDBErr}). Public driver methods catch {@link RuntimeException} and
 * throw what {@link #translate} returns; nothing inside the driver throws kv-interface errors
 * for protocol facts, so no error is translated twice.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>driver failure</th><th>kv-interface error</th></tr>
 *   <tr><td>KeyError.conflict</td><td>{@link WriteConflictException} (9007, retryable)</td></tr>
 *   <tr><td>KeyError.already_exist</td><td>{@link KeyExistsException} (1062)</td></tr>
 *   <tr><td>KeyError.deadlock</td><td>{@link DeadlockException} (1213)</td></tr>
 *   <tr><td>KeyError.retryable / txn_not_found / commit_ts_expired / locked</td>
 *       <td>{@code TXN_RETRYABLE} (8022)</td></tr>
 *   <tr><td>KeyError.abort and others</td><td>{@code INVALID_TXN} (8024)</td></tr>
 *   <tr><td>{@link LockWaitExpiredException}</td><td>{@link LockWaitTimeoutException} (1205)</td></tr>
 *   <tr><td>{@link UndeterminedCommitException}</td><td>{@link ResultUndeterminedException}</td></tr>
 *   <tr><td>{@link BackoffExhaustedException}</td><td>the kind's give-up errno (9001–9005)</td></tr>
 *   <tr><td>{@link PdException}</td><td>{@code PD_SERVER_TIMEOUT} (9001)</td></tr>
 *   <tr><td>region errors no retry fixes</td><td>{@link RegionUnavailableException} (9005)</td></tr>
 *   <tr><td>store limit, transport failure</td><td>9003 / 9002</td></tr>
 *   <tr><td>{@link CoprocessorFailedException} (a node's {@code other_error})</td>
 *       <td>{@code COPROCESSOR_ERROR} (1105)</td></tr>
 * </table>
 *
 * A {@link KvException} passes unchanged; any other exception (a bug, an illegal argument) is
 * returned as it is. Stateless and thread-safe.
 */
public final class ErrorTranslator {

  private ErrorTranslator() {}

  /**
   * The error to throw for {@code failure} in the transaction (or snapshot) {@code startTs}.
   */
  public static RuntimeException translate(Throwable failure, long startTs) {
    if (failure instanceof KvException kv) {
      return kv;
    }
    if (failure instanceof KeyErrorException k) {
      return fromKeyError(k.error(), startTs, k);
    }
    if (failure instanceof LockWaitExpiredException) {
      LockWaitTimeoutException e = new LockWaitTimeoutException();
      e.addSuppressed(failure);
      return e;
    }
    if (failure instanceof UndeterminedCommitException) {
      return new ResultUndeterminedException(failure);
    }
    if (failure instanceof BackoffExhaustedException b) {
      return fromErrno(b.kind().giveUpErrno(), b);
    }
    if (failure instanceof PdException) {
      return new KvException(ErrorCode.PD_SERVER_TIMEOUT, failure, failure.getMessage());
    }
    if (failure instanceof RegionErrorException || failure instanceof io.cairn.tikv.region.RegionUnavailableException) {
      return new RegionUnavailableException(failure);
    }
    if (failure instanceof CoprocessorFailedException) {
      return new KvException(ErrorCode.COPROCESSOR_ERROR, failure, failure.getMessage());
    }
    if (failure instanceof StoreLimitExceededException) {
      return new KvException(ErrorCode.TIKV_SERVER_BUSY, failure);
    }
    if (failure instanceof StatusRuntimeException || failure instanceof BackoffInterruptedException) {
      return new KvException(ErrorCode.TIKV_SERVER_TIMEOUT, failure);
    }
    if (failure instanceof RuntimeException r) {
      return r;
    }
    return new IllegalStateException(failure);
  }

  /** The kv-interface error for one key error. */
  public static KvException fromKeyError(KeyError error, long startTs, Throwable cause) {
    if (error.hasConflict()) {
      var c = error.getConflict();
      KvException e = new WriteConflictException(
          startTs, c.getConflictTs(), c.getConflictCommitTs(), Key.copyOf(c.getKey().toByteArray()));
      if (cause != null) {
        e.addSuppressed(cause);
      }
      return e;
    }
    if (error.hasAlreadyExist()) {
      KvException e = new KeyExistsException(Key.copyOf(error.getAlreadyExist().getKey().toByteArray()));
      if (cause != null) {
        e.addSuppressed(cause);
      }
      return e;
    }
    if (error.hasDeadlock()) {
      KvException e = new DeadlockException();
      if (cause != null) {
        e.addSuppressed(cause);
      }
      return e;
    }
    if (!error.getRetryable().isEmpty()) {
      return new KvException(ErrorCode.TXN_RETRYABLE, cause, error.getRetryable());
    }
    if (error.hasTxnNotFound() || error.hasCommitTsExpired() || error.hasLocked()) {
      return new KvException(ErrorCode.TXN_RETRYABLE, cause, cause == null ? error.toString() : cause.getMessage());
    }
    String what = error.getAbort().isEmpty() ? (cause == null ? error.toString() : cause.getMessage()) : error.getAbort();
    return new KvException(ErrorCode.INVALID_TXN, cause, what);
  }

  private static KvException fromErrno(int errno, Throwable cause) {
    return switch (errno) {
      case 9001 -> new KvException(ErrorCode.PD_SERVER_TIMEOUT, cause, cause.getMessage());
      case 9003 -> new KvException(ErrorCode.TIKV_SERVER_BUSY, cause);
      case 9004 -> new KvException(ErrorCode.RESOLVE_LOCK_TIMEOUT, cause);
      case 9005 -> new RegionUnavailableException(cause);
      default -> new KvException(ErrorCode.TIKV_SERVER_TIMEOUT, cause);
    };
  }
}
