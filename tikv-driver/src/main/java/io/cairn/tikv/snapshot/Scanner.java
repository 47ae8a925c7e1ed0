package io.cairn.tikv.snapshot;

import com.google.protobuf.ByteString;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.proto.kvrpcpb.ScanRequest;
import io.cairn.proto.kvrpcpb.ScanResponse;
import io.cairn.tikv.error.ErrorTranslator;
import io.cairn.tikv.error.KeyErrorException;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.RegionRanges;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.RpcKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A scan over {@code [lower, upper)} that crosses regions, fetching {@code scanBatchSize} pairs
 * per {@code KvScan} (client-go's {@code Scanner}).
 *
 * <p>Forward: scan from {@code lower} to the end of its region (or {@code upper} when that comes
 * first); a full batch continues just after its last key, a short batch means the region is
 * exhausted and the scan continues at the region's end key. Reverse: the region holding the
 * keys just below {@code upper} is the last piece of the range split by region; a reverse
 * {@code KvScan} has {@code start_key} as its exclusive upper bound and {@code end_key} as its
 * inclusive lower bound; a full batch continues below its smallest key, a short one at the
 * region's start key. A batch with locks is resolved and fetched again. Each fetch has its own
 * {@code SCAN} budget. Not thread-safe (iterators belong to one thread).
 */
final class Scanner implements KvIterator<KvPair> {

  private final TikvSnapshot snapshot;
  private final boolean reverse;
  private final ArrayDeque<KvPair> buffered = new ArrayDeque<>();
  private byte[] lower;
  private byte[] upper;
  private boolean exhausted;
  private boolean closed;

  Scanner(TikvSnapshot snapshot, KeyRange range, boolean reverse) {
    this.snapshot = snapshot;
    this.reverse = reverse;
    this.lower = range.start().toByteArray();
    this.upper = range.end().toByteArray();
    this.exhausted = range.isEmpty();
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    snapshot.checkOpen();
    try {
      while (buffered.isEmpty() && !exhausted) {
        if (reverse) {
          fetchReverse();
        } else {
          fetchForward();
        }
      }
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, snapshot.timestamp());
    }
    return !buffered.isEmpty();
  }

  @Override
  public KvPair next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffered.poll();
  }

  @Override
  public void close() {
    closed = true;
    buffered.clear();
  }

  private int limit() {
    return snapshot.env().scanBatchSize();
  }

  private void fetchForward() {
    Backoffer bo = snapshot.env().rpc().backoffer(snapshot.env().settings().budgets().readMillis());
    while (true) {
      CachedRegion region = snapshot.env().rpc().regionCache().locateKey(lower, bo);
      byte[] regionEnd = region.endKey();
      boolean lastPiece = regionEnd.length == 0 || (upper.length > 0 && Arrays.compareUnsigned(upper, regionEnd) <= 0);
      byte[] end = lastPiece ? upper : regionEnd;
      List<KvPair> pairs = scan(bo, region, lower, end, false);
      if (pairs == null) {
        continue;
      }
      buffered.addAll(pairs);
      if (pairs.size() >= limit()) {
        lower = pairs.get(pairs.size() - 1).key().next().toByteArray();
      } else if (lastPiece) {
        exhausted = true;
      } else {
        lower = regionEnd;
      }
      return;
    }
  }

  private void fetchReverse() {
    Backoffer bo = snapshot.env().rpc().backoffer(snapshot.env().settings().budgets().readMillis());
    while (true) {
      List<RegionRanges> pieces = snapshot.env().rpc().regionCache()
          .splitRangesByRegion(List.of(new io.cairn.tikv.region.KeyRange(lower, upper)), bo);
      RegionRanges last = pieces.get(pieces.size() - 1);
      io.cairn.tikv.region.KeyRange piece = last.ranges().get(last.ranges().size() - 1);
      List<KvPair> pairs = scan(bo, last.region(), piece.end(), piece.start(), true);
      if (pairs == null) {
        continue;
      }
      buffered.addAll(pairs);
      if (pairs.size() >= limit()) {
        upper = pairs.get(pairs.size() - 1).key().toByteArray();
      } else if (Arrays.equals(piece.start(), lower)) {
        exhausted = true;
      } else {
        upper = piece.start();
      }
      return;
    }
  }

  /** One KvScan; null when the region changed. Locks are resolved and the scan repeated. */
  private List<KvPair> scan(Backoffer bo, CachedRegion region, byte[] start, byte[] end, boolean rev) {
    while (true) {
      ScanRequest req = ScanRequest.newBuilder()
          .setContext(snapshot.context())
          .setStartKey(ByteString.copyFrom(start))
          .setEndKey(ByteString.copyFrom(end))
          .setLimit(limit())
          .setVersion(snapshot.timestamp())
          .setReverse(rev)
          .build();
      ScanResponse resp = snapshot.env().rpc().sendInRegion(bo, RpcKind.KV_SCAN, region, req, snapshot.requestOptions());
      if (resp == null) {
        return null;
      }
      if (resp.hasError()) {
        throw new KeyErrorException(resp.getError());
      }
      List<LockInfo> locks = new ArrayList<>();
      List<KvPair> out = new ArrayList<>(resp.getPairsCount());
      for (var p : resp.getPairsList()) {
        if (p.hasError()) {
          locks.add(TikvSnapshot.lockOf(p.getError()));
        } else {
          out.add(new KvPair(Key.copyOf(p.getKey().toByteArray()), p.getValue().toByteArray()));
        }
      }
      if (locks.isEmpty()) {
        return out;
      }
      snapshot.onLocks(bo, locks);
    }
  }
}
