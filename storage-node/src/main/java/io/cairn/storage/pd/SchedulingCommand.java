package io.cairn.storage.pd;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.CheckPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A scheduling command PD attached to a region heartbeat response, addressed to the leader of
 * region {@link #regionId()} as it was at {@link #epoch()}. Records compare by value, which is
 * how repeats of the same command are recognised.
 */
public sealed interface SchedulingCommand {

  long regionId();

  /** The region epoch PD saw when it sent the command. */
  RegionEpoch epoch();

  /** Add {@code peer} (with the id PD allocated; a learner when its role says so). */
  record AddPeer(long regionId, RegionEpoch epoch, Peer peer) implements SchedulingCommand {
    public AddPeer {
      Objects.requireNonNull(epoch);
      Objects.requireNonNull(peer);
    }
  }

  /** Remove {@code peer} from the group. */
  record RemovePeer(long regionId, RegionEpoch epoch, Peer peer) implements SchedulingCommand {
    public RemovePeer {
      Objects.requireNonNull(epoch);
      Objects.requireNonNull(peer);
    }
  }

  /** Move leadership to {@code target}, or to any of {@code candidates} when that is set. */
  record TransferLeader(long regionId, RegionEpoch epoch, Peer target, List<Peer> candidates)
      implements SchedulingCommand {
    public TransferLeader {
      Objects.requireNonNull(epoch);
      Objects.requireNonNull(target);
      candidates = List.copyOf(candidates);
    }
  }

  /** Split the region at {@code keys} (policy USEKEY) or at keys the node picks. */
  record SplitRegion(long regionId, RegionEpoch epoch, CheckPolicy policy, List<ByteString> keys)
      implements SchedulingCommand {
    public SplitRegion {
      Objects.requireNonNull(epoch);
      Objects.requireNonNull(policy);
      keys = List.copyOf(keys);
    }
  }
}
