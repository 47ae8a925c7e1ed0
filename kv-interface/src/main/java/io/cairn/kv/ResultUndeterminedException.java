package io.cairn.kv;

/** The commit of the primary key failed in a way that leaves its outcome unknown; the transaction may or may not be committed. */
public class ResultUndeterminedException extends KvException {

  private static final long serialVersionUID = 1L;

  public ResultUndeterminedException(Throwable cause) {
    super(ErrorCode.RESULT_UNDETERMINED, cause);
  }
}
