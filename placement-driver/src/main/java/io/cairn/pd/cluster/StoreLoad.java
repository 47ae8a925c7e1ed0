package io.cairn.pd.cluster;

/** A store's health and how many region peers and leaders it holds. Immutable. */
public record StoreLoad(long storeId, StoreHealth health, int regionCount, int leaderCount) {}
