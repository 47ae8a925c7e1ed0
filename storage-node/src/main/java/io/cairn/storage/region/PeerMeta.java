package io.cairn.storage.region;

/** One replica of a region (metapb.Peer): its peer id and the store that holds it. */
public record PeerMeta(long id, long storeId) {}
