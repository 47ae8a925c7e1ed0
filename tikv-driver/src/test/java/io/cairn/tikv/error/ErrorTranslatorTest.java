package io.cairn.tikv.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.kv.DeadlockException;
import io.cairn.kv.ErrorCode;
import io.cairn.kv.Key;
import io.cairn.kv.KeyExistsException;
import io.cairn.kv.KvException;
import io.cairn.kv.LockWaitTimeoutException;
import io.cairn.kv.RegionUnavailableException;
import io.cairn.kv.ResultUndeterminedException;
import io.cairn.kv.WriteConflictException;
import io.cairn.proto.kvrpcpb.AlreadyExist;
import io.cairn.proto.kvrpcpb.Deadlock;
import io.cairn.proto.kvrpcpb.KeyError;
import io.cairn.proto.kvrpcpb.WriteConflict;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.RecordingSleeper;
import io.grpc.Status;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ErrorTranslatorTest {

  private static RuntimeException translate(Throwable t) {
    return ErrorTranslator.translate(t, 42);
  }

  @Test
  void keyErrorsBecomeTheirTypedErrors() {
    KeyError conflict = KeyError.newBuilder().setConflict(WriteConflict.newBuilder()
        .setStartTs(42).setConflictTs(40).setConflictCommitTs(41).setKey(ByteString.copyFromUtf8("k"))).build();
    assertThat(translate(new KeyErrorException(conflict))).isInstanceOfSatisfying(WriteConflictException.class, e -> {
      assertThat(e.startTs()).isEqualTo(42);
      assertThat(e.conflictStartTs()).isEqualTo(40);
      assertThat(e.conflictCommitTs()).isEqualTo(41);
      assertThat(e.key()).isEqualTo(Key.utf8("k"));
      assertThat(e.retryable()).isTrue();
    });
    KeyError exists = KeyError.newBuilder().setAlreadyExist(AlreadyExist.newBuilder().setKey(ByteString.copyFromUtf8("u"))).build();
    assertThat(translate(new KeyErrorException(exists)))
        .isInstanceOfSatisfying(KeyExistsException.class, e -> assertThat(e.key()).isEqualTo(Key.utf8("u")));
    KeyError deadlock = KeyError.newBuilder().setDeadlock(Deadlock.newBuilder().setLockTs(7)).build();
    assertThat(translate(new KeyErrorException(deadlock)))
        .isInstanceOfSatisfying(DeadlockException.class, e -> assertThat(e.errno()).isEqualTo(1213));
    assertThat(translate(new KeyErrorException(KeyError.newBuilder().setRetryable("txn lock not found").build())))
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TXN_RETRYABLE));
    assertThat(translate(new KeyErrorException(KeyError.newBuilder().setAbort("bad").build())))
        .isInstanceOfSatisfying(KvException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TXN);
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void driverFailuresBecomeTheirErrors() {
    assertThat(translate(new LockWaitExpiredException("held"))).isInstanceOf(LockWaitTimeoutException.class);
    assertThat(translate(new UndeterminedCommitException("lost", new RuntimeException())))
        .isInstanceOfSatisfying(ResultUndeterminedException.class, e -> assertThat(e.undetermined()).isTrue());
    assertThat(translate(new PdException("no leader", true)))
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.errno()).isEqualTo(9001));
    assertThat(translate(Status.UNAVAILABLE.asRuntimeException()))
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.errno()).isEqualTo(9002));
    assertThat(translate(new io.cairn.tikv.region.RegionUnavailableException("gone")))
        .isInstanceOf(RegionUnavailableException.class);
    IllegalArgumentException bug = new IllegalArgumentException("bug");
    assertThat(translate(bug)).isSameAs(bug);
    KvException kv = new KeyExistsException(Key.utf8("x"));
    assertThat(translate(kv)).isSameAs(kv);
  }

  @ParameterizedTest
  @EnumSource(BackoffKind.class)
  void anExhaustedBudgetFailsWithItsKindsGiveUpErrno(BackoffKind kind) {
    Backoffer none = new Backoffer(0, new RecordingSleeper(), new Random(1));
    Throwable exhausted = org.assertj.core.api.Assertions.catchThrowable(() -> none.backoff(kind, new RuntimeException("why")));
    RuntimeException out = translate(exhausted);
    int expected = kind.giveUpErrno() == 9010 ? 9002 : kind.giveUpErrno();
    assertThat(out).isInstanceOfSatisfying(KvException.class, e -> assertThat(e.errno()).as("%s", kind).isEqualTo(expected));
  }

  @Test
  void anExhaustedBackofferReallyThrows() {
    Backoffer none = new Backoffer(0, new RecordingSleeper(), new Random(1));
    assertThatThrownBy(() -> none.backoff(BackoffKind.REGION_MISS, null))
        .isInstanceOf(io.cairn.tikv.retry.BackoffExhaustedException.class);
  }
}
