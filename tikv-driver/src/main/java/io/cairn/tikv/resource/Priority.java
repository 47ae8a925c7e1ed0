package io.cairn.tikv.resource;

/** A resource group's {@code PRIORITY} (TiDB's LOW, MEDIUM, HIGH). */
public enum Priority {
  LOW,
  MEDIUM,
  HIGH
}
