package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.proto.eraftpb.ConfChangeType;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.ChangePeer;
import io.cairn.proto.pdpb.ChangePeerV2;
import io.cairn.proto.pdpb.CheckPolicy;
import io.cairn.proto.pdpb.Merge;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import io.cairn.proto.pdpb.SplitRegion;
import io.cairn.proto.pdpb.TransferLeader;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandDispatcherTest {

  private static final long STORE = 1;
  private static final Peer LEADER = Peer.newBuilder().setId(11).setStoreId(STORE).build();
  private static final Peer NEW_PEER = Peer.newBuilder().setId(12).setStoreId(2).build();
  private static final RegionEpoch EPOCH =
      RegionEpoch.newBuilder().setConfVer(3).setVersion(5).build();

  private TestRegions regions;
  private RecordingHandler handler;
  private CommandDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    regions = new TestRegions(STORE);
    regions.put(RegionStatus.led(Region.newBuilder().setId(7).setRegionEpoch(EPOCH)
        .addPeers(LEADER).build(), LEADER, 100, 10));
    handler = new RecordingHandler();
    dispatcher = new CommandDispatcher(STORE, regions, handler);
  }

  private static SchedulingCommand addPeer(RegionEpoch epoch) {
    return new SchedulingCommand.AddPeer(7, epoch, NEW_PEER);
  }

  @Test
  void repeatsOfACommandInProgressAreDropped() {
    assertThat(dispatcher.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.DISPATCHED);
    assertThat(dispatcher.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.DUPLICATE);
    assertThat(dispatcher.offer(new SchedulingCommand.TransferLeader(7, EPOCH, NEW_PEER,
        List.of()))).isEqualTo(CommandDispatcher.Outcome.BUSY);
    assertThat(handler.calls).hasSize(1);
    assertThat(dispatcher.inProgress()).isEqualTo(1);

    // done, but the region did not change (e.g. the node refused): PD may ask again
    handler.calls.get(0).done().complete(null);
    assertThat(dispatcher.inProgress()).isZero();
    assertThat(dispatcher.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.DISPATCHED);
    assertThat(handler.calls).hasSize(2);
  }

  @Test
  void commandsForAnOlderEpochAreStale() {
    dispatcher.offer(addPeer(EPOCH));
    regions.apply(handler.calls.get(0).command());
    handler.calls.get(0).done().complete(null);
    // a response PD sent before it saw the new conf_ver
    assertThat(dispatcher.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.STALE_EPOCH);
    assertThat(dispatcher.offer(addPeer(EPOCH.toBuilder().setVersion(4).setConfVer(9).build())))
        .isEqualTo(CommandDispatcher.Outcome.STALE_EPOCH);
    assertThat(handler.calls).hasSize(1);
  }

  @Test
  void commandsForRegionsNotLedHereAreDropped() {
    assertThat(dispatcher.offer(new SchedulingCommand.AddPeer(8, EPOCH, NEW_PEER)))
        .isEqualTo(CommandDispatcher.Outcome.NOT_LEADER);
    regions.update(7, r -> new RegionStatus(r.region(), NEW_PEER, List.of(), List.of(), 0, 0, 0,
        0, 0, 0, 0));
    assertThat(dispatcher.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.NOT_LEADER);
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void aFailingHandlerFreesTheRegion() {
    CommandDispatcher failing = new CommandDispatcher(STORE, regions, c -> {
      throw new IllegalStateException("raft group closed");
    });
    assertThat(failing.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.FAILED);
    assertThat(failing.inProgress()).isZero();
    assertThat(dispatcher.offer(addPeer(EPOCH))).isEqualTo(CommandDispatcher.Outcome.DISPATCHED);
    handler.calls.get(0).done().completeExceptionally(new RuntimeException("refused"));
    assertThat(dispatcher.inProgress()).isZero();
  }

  private static RegionHeartbeatResponse.Builder response() {
    return RegionHeartbeatResponse.newBuilder().setRegionId(7).setRegionEpoch(EPOCH)
        .setTargetPeer(LEADER);
  }

  @Test
  void decodesEachCommandKind() {
    assertThat(CommandDispatcher.decode(response().build())).isEmpty();
    assertThat(CommandDispatcher.decode(response().setChangePeer(ChangePeer.newBuilder()
        .setPeer(NEW_PEER).setChangeType(ConfChangeType.AddNode)).build()))
        .contains(new SchedulingCommand.AddPeer(7, EPOCH, NEW_PEER));
    assertThat(CommandDispatcher.decode(response().setChangePeer(ChangePeer.newBuilder()
        .setPeer(NEW_PEER).setChangeType(ConfChangeType.AddLearnerNode)).build()))
        .contains(new SchedulingCommand.AddPeer(7, EPOCH,
            NEW_PEER.toBuilder().setRole(PeerRole.Learner).build()));
    assertThat(CommandDispatcher.decode(response().setChangePeer(ChangePeer.newBuilder()
        .setPeer(NEW_PEER).setChangeType(ConfChangeType.RemoveNode)).build()))
        .contains(new SchedulingCommand.RemovePeer(7, EPOCH, NEW_PEER));
    assertThat(CommandDispatcher.decode(response().setTransferLeader(TransferLeader.newBuilder()
        .setPeer(NEW_PEER)).build()))
        .contains(new SchedulingCommand.TransferLeader(7, EPOCH, NEW_PEER, List.of()));
    assertThat(CommandDispatcher.decode(response().setTransferLeader(TransferLeader.newBuilder()
        .addPeers(NEW_PEER).addPeers(LEADER)).build()))
        .contains(new SchedulingCommand.TransferLeader(7, EPOCH, NEW_PEER,
            List.of(NEW_PEER, LEADER)));
    ByteString k = ByteString.copyFromUtf8("k");
    assertThat(CommandDispatcher.decode(response().setSplitRegion(SplitRegion.newBuilder()
        .setPolicy(CheckPolicy.USEKEY).addKeys(k)).build()))
        .contains(new SchedulingCommand.SplitRegion(7, EPOCH, CheckPolicy.USEKEY, List.of(k)));
  }

  @Test
  void refusesCommandsItCannotCarryOut() {
    ChangePeer add = ChangePeer.newBuilder().setPeer(NEW_PEER).build();
    for (RegionHeartbeatResponse bad : List.of(
        response().setMerge(Merge.newBuilder()).build(),
        response().setChangePeerV2(ChangePeerV2.newBuilder().addChanges(add)).build(),
        response().setChangePeer(add).setTransferLeader(TransferLeader.newBuilder()
            .setPeer(NEW_PEER)).build(),
        response().setChangePeer(ChangePeer.newBuilder()).build(),
        response().setTransferLeader(TransferLeader.newBuilder()).build(),
        response().clearRegionEpoch().setChangePeer(add).build())) {
      assertThatThrownBy(() -> CommandDispatcher.decode(bad)).as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
