package io.cairn.tikv.region;

/** Whether a request only reads (may go to a replica) or writes (must reach the leader). */
public enum Access {
  READ,
  WRITE
}
