package io.cairn.storage.pd;

import java.util.concurrent.CompletionStage;

/**
 * Carries out PD's scheduling commands on this store's Raft groups; implemented by the node's
 * Raft layer.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #handle} is called on the heartbeat loop's dispatch thread and must not block:
 *       it proposes the change (conf change, leader transfer, split) and returns a stage that
 *       completes once the change is applied locally, so that the next region heartbeat
 *       already shows it (new peer and {@code conf_ver}, new leader, new ranges), or
 *       completes exceptionally when it was refused.</li>
 *   <li>While a command's stage is incomplete, no other command for the same region is
 *       handed over (PD's repeats of it are dropped). Commands whose epoch is older than the
 *       local region's, or for regions this store does not lead, are dropped before reaching
 *       the handler.</li>
 *   <li>It must still be idempotent: after a stage completes, a response PD sent before it
 *       saw the change may carry the same command again, with an epoch that is still
 *       current (e.g. a leader transfer that did not bump the epoch).</li>
 *   <li>Bumping {@code conf_ver} on a membership change and {@code version} on a split is the
 *       handler's job, not PD's.</li>
 * </ul>
 * Thread-safe.
 */
@FunctionalInterface
public interface SchedulingCommandHandler {

  /** Starts carrying out {@code command}; never returns {@code null}. */
  CompletionStage<?> handle(SchedulingCommand command);
}
