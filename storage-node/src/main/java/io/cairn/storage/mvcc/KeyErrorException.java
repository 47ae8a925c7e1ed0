package io.cairn.storage.mvcc;

/** Carries a {@link KeyError} out of an action; commands turn it back into a value. */
public final class KeyErrorException extends RuntimeException {
  private final transient KeyError error;

  public KeyErrorException(KeyError error) {
    super(error.toString(), null, false, false);
    this.error = error;
  }

  public KeyError error() {
    return error;
  }
}
