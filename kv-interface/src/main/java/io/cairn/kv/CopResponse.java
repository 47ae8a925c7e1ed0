package io.cairn.kv;

import java.util.Objects;

/**
 * One chunk of a coprocessor result, as produced by one region task. {@code data} is encoded
 * by the coprocessor module; {@code range} is the part of a requested range the task covered.
 * The data array must not be modified.
 */
public record CopResponse(byte[] data, KeyRange range) {
  public CopResponse {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(range, "range");
  }
}
