package io.cairn.storage.raft;

/**
 * A region leader's word to its followers: no transaction will commit in the region at or
 * below {@code safeTs} that is not in the log up to {@code appliedIndex}, and no lock at or
 * below it is pending there. The leader computed it at {@code term} and confirmed afterwards,
 * with a read-index round, that it still led.
 */
public record SafeTsUpdate(long regionId, long term, long appliedIndex, long safeTs) {}
