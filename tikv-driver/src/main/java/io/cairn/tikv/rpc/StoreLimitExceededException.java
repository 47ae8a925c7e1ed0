package io.cairn.tikv.rpc;

/**
 * More requests are in flight to one store than {@code store-limit} allows (TiDB's
 * ErrTokenLimit, errno 9008). Not retried by the sender: the caller is overloading the store.
 */
public final class StoreLimitExceededException extends RuntimeException {

  public static final int ERRNO = 9008;

  StoreLimitExceededException(long storeId, int limit) {
    super("Store token is up to the limit, store id = " + storeId + " (store-limit " + limit + ")");
  }
}
