package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void numbersAndStatesAreTiDBs() {
    assertThat(new WriteConflictException(5, 3, 7, Key.utf8("k")))
        .extracting(KvException::errno, KvException::sqlState, KvException::retryable, KvException::undetermined)
        .containsExactly(9007, "HY000", true, false);
    assertThat(new KeyExistsException(Key.utf8("k"), "1", "t.PRIMARY"))
        .extracting(KvException::errno, KvException::sqlState, KvException::retryable, KvException::getMessage)
        .containsExactly(1062, "23000", false, "Duplicate entry '1' for key 't.PRIMARY'");
    assertThat(new LockWaitTimeoutException().errno()).isEqualTo(1205);
    assertThat(new DeadlockException()).extracting(KvException::errno, KvException::sqlState, KvException::retryable)
        .containsExactly(1213, "40001", true);
    assertThat(new TxnTooLargeException(123)).extracting(KvException::errno, KvException::getMessage)
        .containsExactly(8004, "Transaction is too large, size: 123");
    assertThat(new EntryTooLargeException(10, 20).errno()).isEqualTo(8025);
    assertThat(new RegionUnavailableException(null)).extracting(KvException::errno, KvException::retryable)
        .containsExactly(9005, true);
    assertThat(new ResultUndeterminedException(null))
        .extracting(KvException::errno, KvException::retryable, KvException::undetermined, KvException::getMessage)
        .containsExactly(1105, false, true, "execution result undetermined");
    assertThat(new GcTooEarlyException(1, 2)).extracting(KvException::errno, KvException::retryable)
        .containsExactly(9006, false);
    assertThat(new SchemaChangedException()).extracting(KvException::errno, KvException::retryable)
        .containsExactly(8028, true);
    assertThat(new TransactionClosedException("x").errno()).isEqualTo(8024);
    assertThat(new KvException(ErrorCode.COPROCESSOR_ERROR, "row limit"))
        .extracting(KvException::errno, KvException::retryable, KvException::getMessage)
        .containsExactly(1105, false, "other error: row limit");
    assertThat(new ReadOnlyTransactionException().sqlState()).isEqualTo("25006");
  }

  @Test
  void errorsCarryTheirFacts() {
    WriteConflictException wc = new WriteConflictException(5, 3, 7, Key.utf8("k"));
    assertThat(wc.startTs()).isEqualTo(5);
    assertThat(wc.conflictStartTs()).isEqualTo(3);
    assertThat(wc.conflictCommitTs()).isEqualTo(7);
    assertThat(wc.key()).isEqualTo(Key.utf8("k"));
    assertThat(wc.getMessage()).contains("txnStartTS=5", "conflictCommitTS=7", "key=6b");
    assertThat(wc.toString()).startsWith("WriteConflictException[9007 (HY000)]");
    RuntimeException cause = new RuntimeException("rpc");
    assertThat(new ResultUndeterminedException(cause).getCause()).isSameAs(cause);
    assertThat(new KvException(ErrorCode.PD_SERVER_TIMEOUT, "tso").getMessage()).isEqualTo("PD server timeout: tso");
  }

  @Test
  void onlyTheUndeterminedResultIsUndetermined() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(c.undetermined()).as(c.name()).isEqualTo(c == ErrorCode.RESULT_UNDETERMINED);
      assertThat(c.sqlState()).as(c.name()).hasSize(5);
      assertThat(c.retryable() && c.undetermined()).as(c.name()).isFalse();
    }
    assertThat(List.of(ErrorCode.values()).stream().filter(ErrorCode::retryable))
        .contains(ErrorCode.WRITE_CONFLICT, ErrorCode.DEADLOCK, ErrorCode.REGION_UNAVAILABLE,
            ErrorCode.INFO_SCHEMA_CHANGED, ErrorCode.TXN_RETRYABLE)
        .doesNotContain(ErrorCode.KEY_EXISTS, ErrorCode.TXN_TOO_LARGE, ErrorCode.GC_TOO_EARLY);
  }
}
