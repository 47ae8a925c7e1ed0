package io.cairn.tikv.error;

import io.cairn.proto.kvrpcpb.KeyError;

/**
 * A storage node answered a key error (kvrpcpb {@code KeyError}) that the driver's own retry
 * logic does not absorb. Internal to the driver: {@link ErrorTranslator} turns it into the
 * matching kv-interface error at the boundary.
 */
public final class KeyErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient KeyError error;

  public KeyErrorException(KeyError error) {
    super("key error: " + error.toString().replace('\n', ' ').trim());
    this.error = error;
  }

  public KeyError error() {
    return error;
  }
}
