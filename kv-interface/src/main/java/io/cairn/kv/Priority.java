package io.cairn.kv;

/** The scheduling priority a request asks storage nodes for. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH
}
