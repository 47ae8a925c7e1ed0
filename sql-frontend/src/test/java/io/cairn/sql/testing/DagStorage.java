package io.cairn.sql.testing;

import com.google.protobuf.ByteString;
import io.cairn.coprocessor.exec.DagRunner;
import io.cairn.coprocessor.exec.KvSource;
import io.cairn.coprocessor.exec.RunLimits;
import io.cairn.kv.Client;
import io.cairn.kv.CopRequest;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.CopResponse;
import io.cairn.kv.CopResponseIterator;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Storage;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A storage for SQL tests whose coprocessor client runs DAG requests in-process with the
 * coprocessor module's {@link DagRunner} over the wrapped storage's snapshots, as a storage node
 * would: the key space is cut into "regions" at the split keys the test chooses, every region task
 * pages after {@code pageRows} rows, so pushed-down plans see many partial results to merge.
 * Everything else is the wrapped storage's. Counts the requests it served.
 */
public final class DagStorage extends ForwardingStorage {
  private final List<byte[]> splits;
  private final long pageRows;
  private final DagRunner runner = new DagRunner(Clock.systemUTC(), RunLimits.UNLIMITED);
  private final AtomicLong requests = new AtomicLong();
  private final Client client = new LocalClient();

  /** @param splits region boundaries, ascending */
  public DagStorage(Storage inner, List<byte[]> splits, long pageRows) {
    super(inner);
    this.splits = List.copyOf(splits);
    this.pageRows = pageRows;
  }

  /**
   * A storage whose regions are cut at {@code handles} in the row range of every table id below
   * 200 (the ids tests create).
   */
  public static DagStorage withTableRegions(Storage inner, long[] handles, long pageRows) {
    List<byte[]> splits = new ArrayList<>();
    for (long table = 1; table < 200; table++) {
      for (long h : handles) {
        splits.add(io.cairn.codec.TableCodec.recordKey(table, h));
      }
    }
    return new DagStorage(inner, splits, pageRows);
  }

  /** Coprocessor requests served so far. */
  public long requests() {
    return requests.get();
  }

  @Override
  public Client client() {
    return client;
  }

  @Override
  public String describe() {
    return "dag(" + inner.describe() + ")";
  }

  private final class LocalClient implements Client {
    @Override
    public boolean supports(CopRequestType type) {
      return type == CopRequestType.DAG;
    }

    @Override
    public CopResponseIterator send(CopRequest request) {
      requests.incrementAndGet();
      Snapshot snap = inner.snapshot(request.startTs());
      KvSource source = new SnapshotSource(snap);
      List<CopResponse> out = new ArrayList<>();
      for (List<byte[][]> task : tasks(request.ranges())) {
        Deque<byte[][]> pending = new ArrayDeque<>(task);
        while (!pending.isEmpty()) {
          Request.Builder req = Request.newBuilder().setTp(DagRunner.TP_CAIRN_DAG)
              .setData(ByteString.copyFrom(request.payload())).setStartTs(request.startTs()).setPagingSize(pageRows);
          for (byte[][] r : pending) {
            req.addRanges(io.cairn.proto.coprocessor.KeyRange.newBuilder()
                .setStart(ByteString.copyFrom(r[0])).setEnd(ByteString.copyFrom(r[1])));
          }
          Response resp = runner.handle(req.build(), source, null);
          if (!resp.getOtherError().isEmpty()) {
            throw new IllegalStateException("coprocessor: " + resp.getOtherError());
          }
          out.add(new CopResponse(resp.getData().toByteArray(), KeyRange.all()));
          if (!resp.hasRange()) {
            break;
          }
          byte[] from = resp.getRange().getEnd().toByteArray();
          Deque<byte[][]> rest = new ArrayDeque<>();
          for (byte[][] r : pending) {
            if (r[1].length > 0 && Arrays.compareUnsigned(r[1], from) <= 0) {
              continue;
            }
            rest.add(Arrays.compareUnsigned(r[0], from) >= 0 ? r : new byte[][] {from, r[1]});
          }
          pending = rest;
        }
      }
      Iterator<CopResponse> it = out.iterator();
      return new CopResponseIterator() {
        @Override
        public CopResponse next() {
          return it.hasNext() ? it.next() : null;
        }

        @Override
        public void close() {}
      };
    }

    /** The request's ranges cut at the split keys, grouped per region in key order. */
    private List<List<byte[][]>> tasks(List<KeyRange> ranges) {
      List<List<byte[][]>> tasks = new ArrayList<>();
      for (int region = 0; region <= splits.size(); region++) {
        byte[] lo = region == 0 ? new byte[0] : splits.get(region - 1);
        byte[] hi = region == splits.size() ? new byte[0] : splits.get(region);
        List<byte[][]> task = new ArrayList<>();
        for (KeyRange r : ranges) {
          byte[] s = max(r.start().toByteArray(), lo);
          byte[] e = min(r.end().toByteArray(), hi);
          if (e.length == 0 || Arrays.compareUnsigned(s, e) < 0) {
            task.add(new byte[][] {s, e});
          }
        }
        if (!task.isEmpty()) {
          tasks.add(task);
        }
      }
      return tasks;
    }
  }

  private static byte[] max(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
  }

  /** The smaller end; an empty end is unbounded. */
  private static byte[] min(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
  }

  /** The snapshot's user keys as the coprocessor reads them. */
  private record SnapshotSource(Snapshot snap) implements KvSource {
    @Override
    public Cursor open(byte[] start, byte[] end, boolean reverse) {
      KeyRange r = new KeyRange(start == null ? Key.EMPTY : Key.copyOf(start),
          end == null ? Key.EMPTY : Key.copyOf(end));
      KvIterator<KvPair> it = reverse ? snap.iterateReverse(r) : snap.iterate(r);
      return new Cursor() {
        private KvPair current;

        @Override
        public boolean next() {
          if (!it.hasNext()) {
            return false;
          }
          current = it.next();
          return true;
        }

        @Override
        public byte[] key() {
          return current.key().toByteArray();
        }

        @Override
        public byte[] value() {
          return current.value();
        }

        @Override
        public void close() {
          it.close();
        }
      };
    }
  }
}
