package io.cairn.tikv.region;

/** PD knows no region for a key, or no replica of a region can be reached right now. */
public final class RegionUnavailableException extends RuntimeException {
  public RegionUnavailableException(String message) {
    super(message);
  }
}
