package io.cairn.storage.region;

/**
 * Thrown by a {@link RegionEngine} (and everything that reads or writes through it) when a
 * request cannot run on its region; the gRPC layer answers it as the response's
 * {@code region_error}. Carries no stack trace: it is a routing answer, not a fault.
 */
public final class RegionException extends RuntimeException {
  private final RegionError error;

  public RegionException(RegionError error) {
    super(error.toString(), null, false, false);
    this.error = error;
  }

  public RegionError error() {
    return error;
  }
}
