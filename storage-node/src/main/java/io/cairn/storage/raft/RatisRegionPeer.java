package io.cairn.storage.raft;

import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * {@link RegionPeer} over a Ratis division of the store's server. Proposals are submitted
 * straight to the local division ({@link RaftServer#submitClientRequestAsync}), never through
 * Ratis's client over loopback; the caller routes to the leader with the hints it gets.
 */
final class RatisRegionPeer implements RegionPeer {
  private static final Message READ_INDEX = Message.valueOf("r");

  private final RaftStore store;
  private final long regionId;

  RatisRegionPeer(RaftStore store, long regionId) {
    this.store = store;
    this.regionId = regionId;
  }

  RaftServer.Division division() {
    try {
      return store.server().getDivision(RaftStore.groupId(regionId));
    } catch (GroupMismatchException e) {
      throw RaftErrors.regionNotFound(regionId, e);
    } catch (IOException e) {
      throw RaftErrors.unavailable(regionId, "server not available", e);
    }
  }

  RegionStateMachine stateMachine() {
    return (RegionStateMachine) division().getStateMachine();
  }

  @Override
  public long regionId() {
    return regionId;
  }

  @Override
  public long storeId() {
    return store.storeId();
  }

  @Override
  public RegionMeta meta() {
    RegionMeta m = stateMachine().meta();
    if (m == null) {
      throw RaftErrors.regionNotFound(regionId, null);
    }
    return m;
  }

  /** The region as last applied here, or null when there is none (for leader hints). */
  private RegionMeta metaOrNull() {
    try {
      return stateMachine().meta();
    } catch (RegionException e) {
      return null;
    }
  }

  /** Entries applied to the engine by the current state machine instance (for tests and metrics). */
  long applyCount() {
    return stateMachine().applyCount();
  }

  long installCount() {
    return stateMachine().installCount();
  }

  Applied persistedApplied() {
    return stateMachine().persistedApplied();
  }

  @Override
  public CompletableFuture<Applied> propose(RaftCommand command) {
    RaftServer.Division d;
    try {
      d = division();
    } catch (RegionException e) {
      return CompletableFuture.failedFuture(e);
    }
    DivisionInfo info = d.getInfo();
    if (!info.isLeader()) {
      store.metrics().proposed(false);
      return CompletableFuture.failedFuture(RaftErrors.notLeader(regionId, metaOrNull(), leaderOf(info)));
    }
    RaftClientRequest req =
        request(Message.valueOf(UnsafeByteOperations.unsafeWrap(command.encode())), RaftClientRequest.writeRequestType(), store.config().requestTimeout().toMillis());
    CompletableFuture<Applied> result = submit(req, store.config().requestTimeout().toMillis(), true)
        .thenApply(
            reply -> {
              if (!reply.isSuccess()) {
                throw mapFailure(regionId, metaOrNull(), reply.getException(), true);
              }
              ByteBuffer b = reply.getMessage().getContent().asReadOnlyByteBuffer();
              byte outcome = b.get();
              Applied applied = new Applied(b.getLong(), b.getLong());
              return switch (outcome) {
                case RegionStateMachine.RESULT_OK, RegionStateMachine.RESULT_SKIPPED -> applied;
                case RegionStateMachine.RESULT_EPOCH_NOT_MATCH -> throw RaftErrors.epochNotMatch(meta());
                default -> throw new IllegalArgumentException("region " + regionId + ": command at " + applied + " was malformed");
              };
            });
    result.whenComplete((applied, failure) -> store.metrics().proposed(failure == null));
    return result;
  }

  @Override
  public CompletableFuture<List<RegionMeta>> split(RegionEpoch epoch, List<byte[]> splitKeys, List<RegionMeta.NewRegion> newRegions) {
    RegionMeta current;
    List<RegionMeta> expected;
    try {
      current = meta();
      if (!current.epoch().equals(epoch)) {
        throw RaftErrors.epochNotMatch(current);
      }
      requireSettledMembership(current);
      // checked here too, so a bad split fails at once instead of as a no-op entry
      expected = current.split(splitKeys, newRegions);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    // applied only at this same epoch, so the pieces are the ones computed here
    return propose(RaftCommand.split(epoch, splitKeys, newRegions)).thenApply(applied -> expected);
  }

  /**
   * Fails with {@code ServerIsBusy} while a membership change is half done: {@link #changePeers}
   * records the new peers in the meta before Raft's configuration follows, and the children of
   * a split made in between would start with a configuration naming a replica that is still
   * catching up. That replica may catch up by a snapshot taken after the split, and so never
   * apply the split nor start its replica of a child; a child of four voters with one store
   * down and one replica missing has no quorum, and never elects. A split waits instead (the
   * split checker's next round, or the client's retry after backing off).
   */
  void requireSettledMembership(RegionMeta current) {
    RaftConfiguration conf = division().getRaftConf();
    Set<Long> inRaft = new HashSet<>();
    for (RaftPeer p : conf.getAllPeers()) {
      inRaft.add(RegionStateMachine.storeIdOf(p.getId().toString()));
    }
    Set<Long> inMeta = new HashSet<>();
    for (PeerMeta p : current.peers()) {
      inMeta.add(p.storeId());
    }
    if (!conf.getPreviousPeers().isEmpty() || !inRaft.equals(inMeta)) {
      throw RaftErrors.changingPeers(regionId, "the region lists stores " + new TreeSet<>(inMeta)
          + ", its Raft configuration " + new TreeSet<>(inRaft)
          + (conf.getPreviousPeers().isEmpty() ? "" : " (joint)"));
    }
  }

  @Override
  public CompletableFuture<Long> readIndex() {
    RaftClientRequest req = request(READ_INDEX, RaftClientRequest.readRequestType(), store.config().readTimeout().toMillis());
    return submit(req, store.config().readTimeout().toMillis(), false)
        .thenApply(
            reply -> {
              if (!reply.isSuccess()) {
                throw mapFailure(regionId, metaOrNull(), reply.getException(), false);
              }
              return reply.getMessage().getContent().asReadOnlyByteBuffer().getLong();
            });
  }

  @Override
  public boolean isLeader() {
    try {
      DivisionInfo info = division().getInfo();
      return info.isLeader() && info.isLeaderReady();
    } catch (RegionException e) {
      return false;
    }
  }

  @Override
  public long leaderStoreId() {
    return leaderOf(division().getInfo());
  }

  @Override
  public LeaderProgress leaderProgress() {
    RaftServer.Division d;
    try {
      d = division();
    } catch (RegionException e) {
      return null;
    }
    DivisionInfo info = d.getInfo();
    if (!info.isLeader()) {
      return null;
    }
    // Ratis lists followers and their match indices in two calls over the same appender list;
    // when the list changed in between (a membership change), the two cannot be paired.
    RoleInfoProto role = info.getRoleInfoProto();
    long[] match = info.getFollowerMatchIndices();
    if (!role.hasLeaderInfo() || role.getLeaderInfo().getFollowerInfoCount() != match.length) {
      return null;
    }
    List<LeaderProgress.Follower> followers = new ArrayList<>(match.length);
    for (int i = 0; i < match.length; i++) {
      ServerRpcProto f = role.getLeaderInfo().getFollowerInfo(i);
      followers.add(new LeaderProgress.Follower(
          RegionStateMachine.storeIdOf(f.getId().getId().toStringUtf8()), match[i],
          f.getLastRpcElapsedTimeMs()));
    }
    return new LeaderProgress(d.getRaftLog().getLastCommittedIndex(),
        d.getRaftLog().getStartIndex(), followers);
  }

  private static long leaderOf(DivisionInfo info) {
    RaftPeerId id = info.getLeaderId();
    return id == null ? 0 : RegionStateMachine.storeIdOf(id.toString());
  }

  @Override
  public CompletableFuture<Void> transferLeadership(long targetStoreId) {
    DivisionInfo info = division().getInfo();
    if (!info.isLeader()) {
      return CompletableFuture.failedFuture(RaftErrors.notLeader(regionId, metaOrNull(), leaderOf(info)));
    }
    long timeout = store.config().requestTimeout().toMillis();
    TransferLeadershipRequest req =
        new TransferLeadershipRequest(
            store.clientId(), store.server().getId(), RaftStore.groupId(regionId), store.nextCallId(), RaftStore.peerId(targetStoreId), timeout);
    try {
      return guard(store.server().transferLeadershipAsync(req), timeout, false)
          .thenApply(
              reply -> {
                if (!reply.isSuccess()) {
                  throw mapFailure(regionId, metaOrNull(), reply.getException(), false);
                }
                return null;
              });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(RaftErrors.unavailable(regionId, "transfer leadership", e));
    }
  }

  @Override
  public CompletableFuture<RegionMeta> changePeers(List<PeerMeta> peers) {
    RegionMeta current = meta();
    DivisionInfo info = division().getInfo();
    if (!info.isLeader()) {
      return CompletableFuture.failedFuture(RaftErrors.notLeader(regionId, current, leaderOf(info)));
    }
    RegionMeta target;
    List<RaftPeer> raftPeers = new ArrayList<>();
    try {
      target = current.withPeers(peers);
      for (PeerMeta p : peers) {
        raftPeers.add(RaftStore.raftPeer(p));
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    // Ratis's configuration names replicas by store only, so the peers (with their ids) go
    // through the log first as a region-meta command; the configuration change follows, and
    // the state machine checks that it agrees. A retry after the configuration step failed
    // finds the peers already recorded and only changes the configuration.
    boolean recorded = Set.copyOf(current.peers()).equals(Set.copyOf(peers));
    CompletableFuture<?> metaStep =
        recorded ? CompletableFuture.completedFuture(null) : propose(new RaftCommand(current.epoch(), List.of(), target));
    long timeout = store.config().requestTimeout().toMillis() * 6;
    return metaStep
        .thenCompose(
            applied -> {
              SetConfigurationRequest req =
                  new SetConfigurationRequest(store.clientId(), store.server().getId(), RaftStore.groupId(regionId), store.nextCallId(), raftPeers);
              try {
                return guard(store.server().setConfigurationAsync(req), timeout, false);
              } catch (IOException e) {
                throw RaftErrors.unavailable(regionId, "set configuration", e);
              }
            })
        .thenCompose(
            reply -> {
              if (!reply.isSuccess()) {
                throw mapFailure(regionId, metaOrNull(), reply.getException(), false);
              }
              // the read barrier waits until this replica has applied the configuration
              return readIndex();
            })
        .thenApply(
            applied -> {
              RegionMeta now = meta();
              if (!Set.copyOf(now.peers()).equals(Set.copyOf(peers))) {
                throw RaftErrors.staleCommand(regionId, "configuration applied but region meta is " + now, null);
              }
              return now;
            });
  }

  private RaftClientRequest request(Message message, RaftClientRequest.Type type, long timeoutMs) {
    return RaftClientRequest.newBuilder()
        .setClientId(store.clientId())
        .setServerId(store.server().getId())
        .setGroupId(RaftStore.groupId(regionId))
        .setCallId(store.nextCallId())
        .setMessage(message)
        .setType(type)
        .setTimeoutMs(timeoutMs)
        .build();
  }

  /** {@code proposed}: a write, whose fate is unknown once handed over (see {@link #mapFailure}). */
  private CompletableFuture<RaftClientReply> submit(RaftClientRequest req, long timeoutMs, boolean proposed) {
    try {
      return guard(store.server().submitClientRequestAsync(req), timeoutMs, proposed);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(mapFailure(regionId, metaOrNull(), e, false));
    }
  }

  private CompletableFuture<RaftClientReply> guard(CompletableFuture<RaftClientReply> f, long timeoutMs, boolean proposed) {
    return store.handOff(f.orTimeout(timeoutMs, TimeUnit.MILLISECONDS))
        .exceptionally(
            t -> {
              throw mapFailure(regionId, metaOrNull(), unwrap(t), proposed);
            });
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Maps a Ratis failure to the region error the protocol speaks ({@link RaftErrors}).
   * {@code proposed}: the command had been handed to the leader, so losing leadership or
   * timing out now means its fate is unknown (StaleCommand), not that it was refused
   * (NotLeader) or that the group was unavailable (ServerIsBusy).
   *
   * @param meta the region as this replica knows it, for the leader hint; may be null
   */
  static RegionException mapFailure(long regionId, RegionMeta meta, Throwable t, boolean proposed) {
    if (t instanceof RegionException re) {
      return re;
    }
    if (t instanceof NotLeaderException nle) {
      if (proposed) {
        return RaftErrors.staleCommand(regionId, "leadership lost while proposing", nle);
      }
      RaftPeer hint = nle.getSuggestedLeader();
      return RaftErrors.notLeader(regionId, meta, hint == null ? 0 : RegionStateMachine.storeIdOf(hint.getId().toString()));
    }
    if (t instanceof LeaderSteppingDownException) {
      return RaftErrors.staleCommand(regionId, "leader stepping down", t);
    }
    if (t instanceof GroupMismatchException) {
      return RaftErrors.regionNotFound(regionId, t);
    }
    if (t instanceof TimeoutException) {
      return proposed ? RaftErrors.staleCommand(regionId, "no outcome within the request timeout", t)
          : RaftErrors.unavailable(regionId, "timed out", t);
    }
    if (t instanceof AlreadyClosedException) {
      return RaftErrors.unavailable(regionId, "server closed", t);
    }
    if (t instanceof RaftException) {
      return RaftErrors.unavailable(regionId, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
    return RaftErrors.unavailable(regionId, String.valueOf(t), t);
  }
}
