package io.cairn.tikv.copr;

/**
 * A storage node could not run a coprocessor request ({@code other_error}: a malformed or
 * unsupported request, a limit exceeded). Retrying does not help; it leaves the driver as
 * {@link io.cairn.kv.ErrorCode#COPROCESSOR_ERROR}.
 */
public final class CoprocessorFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CoprocessorFailedException(String message) {
    super(message);
  }
}
