package io.cairn.kv;

/** No replica of a region could serve the request within the retry budget. */
public class RegionUnavailableException extends KvException {

  private static final long serialVersionUID = 1L;

  public RegionUnavailableException(Throwable cause) {
    super(ErrorCode.REGION_UNAVAILABLE, cause);
  }
}
