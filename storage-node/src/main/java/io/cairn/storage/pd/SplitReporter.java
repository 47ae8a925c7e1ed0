package io.cairn.storage.pd;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.AskBatchSplitRequest;
import io.cairn.proto.pdpb.AskBatchSplitResponse;
import io.cairn.proto.pdpb.ReportBatchSplitRequest;
import io.cairn.proto.pdpb.ReportBatchSplitResponse;
import io.cairn.proto.pdpb.SplitID;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The PD half of a region split: {@link #askBatchSplit} before the split (ids for the new
 * regions and their peers, and the regions the split will produce), {@link #reportBatchSplit}
 * once the leader applied it, so PD routes the new ranges at once instead of after their first
 * heartbeats.
 *
 * <p>Split rule ({@link #plan}), TiKV's right-derive, which is also what the Raft split
 * command applies ({@code RegionMeta#split}): for split keys {@code k1 < ... < kn} of a region
 * {@code [s, e)}, new region {@code i} (ids in PD's order) takes {@code [k(i-1), ki)}, the
 * first one starting at {@code s}, and the region keeps its id and the rightmost range
 * {@code [kn, e)}. Every resulting region has the parent's {@code conf_ver} and
 * {@code version + n} (TiKV's batch-split rule, so each is newer than the parent). New region
 * {@code i} has one peer per parent peer, on the same store with the same role, with PD's
 * {@code new_peer_ids[j]} for the parent's {@code j}-th peer.
 *
 * <p>Thread-safe (stateless over the connection).
 */
public final class SplitReporter {

  private static final Comparator<ByteString> KEY_ORDER =
      ByteString.unsignedLexicographicalComparator();

  /** A split about to be proposed: the parent as it is now and the regions it will become. */
  public record BatchSplit(Region parent, List<ByteString> splitKeys, List<Region> regions) {
    public BatchSplit {
      splitKeys = List.copyOf(splitKeys);
      regions = List.copyOf(regions);
    }
  }

  private final PdConnection pd;

  public SplitReporter(PdConnection pd) {
    this.pd = Objects.requireNonNull(pd, "pd");
  }

  /**
   * Asks PD for ids to split {@code parent} at {@code splitKeys} and plans the result.
   *
   * @throws IllegalArgumentException when the keys are not strictly increasing, empty, or not
   *     strictly inside the region, or the region has no peers
   * @throws PdClientException when PD refuses (e.g. REGION_NOT_FOUND) or is unavailable
   */
  public BatchSplit askBatchSplit(Region parent, List<ByteString> splitKeys) {
    checkKeys(parent, splitKeys);
    AskBatchSplitResponse resp = pd.call("AskBatchSplit", (stub, h) -> stub.askBatchSplit(
        AskBatchSplitRequest.newBuilder().setHeader(h).setRegion(parent)
            .setSplitCount(splitKeys.size()).build()), AskBatchSplitResponse::getHeader);
    return new BatchSplit(parent, splitKeys, plan(parent, splitKeys, resp.getIdsList()));
  }

  /**
   * Tells PD the split is applied: {@code regions} are all the regions it produced, in key
   * order (for a planned split, {@link BatchSplit#regions()}).
   */
  public void reportBatchSplit(List<Region> regions) {
    if (regions.size() < 2) {
      throw new IllegalArgumentException("a split produces at least two regions: " + regions);
    }
    pd.call("ReportBatchSplit", (stub, h) -> stub.reportBatchSplit(
        ReportBatchSplitRequest.newBuilder().setHeader(h).addAllRegions(regions).build()),
        ReportBatchSplitResponse::getHeader);
  }

  /** The regions {@code parent} splits into; see the class comment. */
  public static List<Region> plan(Region parent, List<ByteString> splitKeys, List<SplitID> ids) {
    checkKeys(parent, splitKeys);
    if (ids.size() != splitKeys.size()) {
      throw new IllegalArgumentException("PD gave " + ids.size() + " region ids for "
          + splitKeys.size() + " split keys");
    }
    RegionEpoch epoch = parent.getRegionEpoch().toBuilder()
        .setVersion(parent.getRegionEpoch().getVersion() + splitKeys.size()).build();
    List<Region> out = new ArrayList<>(splitKeys.size() + 1);
    for (int i = 0; i < splitKeys.size(); i++) {
      SplitID id = ids.get(i);
      if (id.getNewRegionId() == 0 || id.getNewPeerIdsCount() != parent.getPeersCount()) {
        throw new IllegalArgumentException("PD's split ids do not fit region " + parent.getId()
            + " with " + parent.getPeersCount() + " peers: " + id);
      }
      Region.Builder r = Region.newBuilder().setId(id.getNewRegionId())
          .setStartKey(i == 0 ? parent.getStartKey() : splitKeys.get(i - 1))
          .setEndKey(splitKeys.get(i))
          .setRegionEpoch(epoch);
      for (int j = 0; j < parent.getPeersCount(); j++) {
        Peer p = parent.getPeers(j);
        r.addPeers(Peer.newBuilder().setId(id.getNewPeerIds(j)).setStoreId(p.getStoreId())
            .setRole(p.getRole()));
      }
      out.add(r.build());
    }
    out.add(parent.toBuilder().setStartKey(splitKeys.get(splitKeys.size() - 1))
        .setRegionEpoch(epoch).build());
    return out;
  }

  private static void checkKeys(Region parent, List<ByteString> keys) {
    if (parent.getPeersCount() == 0) {
      throw new IllegalArgumentException("region " + parent.getId() + " has no peers");
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no split keys for region " + parent.getId());
    }
    ByteString prev = parent.getStartKey();
    for (ByteString k : keys) {
      if (k.isEmpty() || KEY_ORDER.compare(k, prev) <= 0) {
        throw new IllegalArgumentException("split keys of region " + parent.getId()
            + " must be non-empty, strictly increasing and above its start key");
      }
      prev = k;
    }
    if (!parent.getEndKey().isEmpty() && KEY_ORDER.compare(prev, parent.getEndKey()) >= 0) {
      throw new IllegalArgumentException("split key beyond the end of region "
          + parent.getId());
    }
  }
}
