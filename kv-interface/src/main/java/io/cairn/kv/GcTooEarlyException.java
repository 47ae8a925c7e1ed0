package io.cairn.kv;

/**
 * The transaction reads at a timestamp older than the GC safe point, so versions it should
 * see may already be gone. Retrying the same transaction cannot help; a new one can.
 */
public class GcTooEarlyException extends KvException {

  private static final long serialVersionUID = 1L;

  private final long startTs;
  private final long safePoint;

  public GcTooEarlyException(long startTs, long safePoint) {
    super(ErrorCode.GC_TOO_EARLY, startTs, safePoint);
    this.startTs = startTs;
    this.safePoint = safePoint;
  }

  public long startTs() {
    return startTs;
  }

  public long safePoint() {
    return safePoint;
  }
}
