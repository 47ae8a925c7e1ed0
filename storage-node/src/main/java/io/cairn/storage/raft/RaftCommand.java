package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Raft log entry of a region: the write batch a command produced, optionally with a new
 * region meta. Applying it on any replica writes the mutations, the meta and the applied
 * index in one engine batch.
 *
 * <p>{@code epoch} is the region epoch the proposer checked its request against. A replica
 * applies the command only if the region's version still equals {@code epoch.version()} (a
 * split in between moved keys to another region); otherwise the entry is applied as a no-op
 * and the proposer gets {@code EpochNotMatch}. A command with a new meta
 * must also match {@code confVer}.
 *
 * <p>Binary layout of {@link #encode()}: lengths and counts are unsigned LEB128 varints
 * ({@code uv}), fixed integers big-endian.
 *
 * <pre>
 * u8  format = 2     (format 1, whose split had one key and kept the left part, is refused)
 * u8  flags          bit 0: a region meta follows; bit 1: a split follows
 * i64 conf_ver, i64 version       the proposer's epoch
 * [uv meta length, meta bytes (RegionMeta.encode)]   if flag bit 0
 * [uv split key count, then per key: uv key length, key, i64 new region id,
 *  uv new peer id count, i64 per new peer id]        if flag bit 1
 * uv  mutation count
 * per mutation: u8 op (1 put, 2 delete, 3 delete range), u8 cf code, then
 *   put:          uv key length, key, uv value length, value
 *   delete:       uv key length, key
 *   delete range: uv start length, start, uv end length, end
 * </pre>
 *
 * CF codes: 0 default, 1 lock, 2 write, 3 raft (fixed here, independent of enum order).
 */
public record RaftCommand(RegionEpoch epoch, List<Mutation> mutations, RegionMeta newMeta, Split split) {
  private static final byte FORMAT = 2;
  private static final byte FLAG_META = 1;
  private static final byte FLAG_SPLIT = 2;
  private static final byte OP_PUT = 1;
  private static final byte OP_DELETE = 2;
  private static final byte OP_DELETE_RANGE = 3;

  /**
   * Splits the region at {@code splitKeys} (right-derive, see {@link RegionMeta#split}): the
   * region keeps the right-most piece, {@code newRegions.get(i)} takes the piece left of key
   * {@code i}, with replicas on the same stores; every piece's version goes up by the number
   * of keys. The keys are checked against the region when the command is applied.
   */
  public record Split(List<byte[]> splitKeys, List<RegionMeta.NewRegion> newRegions) {
    public Split {
      splitKeys = List.copyOf(splitKeys);
      newRegions = List.copyOf(newRegions);
      if (splitKeys.isEmpty() || splitKeys.size() != newRegions.size()) {
        throw new IllegalArgumentException(splitKeys.size() + " split keys for "
            + newRegions.size() + " new regions");
      }
    }
  }

  /**
   * {@code newMeta} and {@code split} may be null: the command changes no region meta, or
   * splits nothing. A split carries no mutations and no new meta.
   */
  public RaftCommand {
    Objects.requireNonNull(epoch, "epoch");
    mutations = List.copyOf(mutations);
    if (split != null && (newMeta != null || !mutations.isEmpty())) {
      throw new IllegalArgumentException("a split command carries nothing else");
    }
  }

  public RaftCommand(RegionEpoch epoch, List<Mutation> mutations, RegionMeta newMeta) {
    this(epoch, mutations, newMeta, null);
  }

  public static RaftCommand split(RegionEpoch epoch, List<byte[]> splitKeys, List<RegionMeta.NewRegion> newRegions) {
    return new RaftCommand(epoch, List.of(), null, new Split(splitKeys, newRegions));
  }

  public static RaftCommand write(RegionEpoch epoch, List<Mutation> mutations) {
    return new RaftCommand(epoch, mutations, null);
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + mutations.size() * 32);
    out.write(FORMAT);
    out.write((newMeta != null ? FLAG_META : 0) | (split != null ? FLAG_SPLIT : 0));
    writeLong(out, epoch.confVer());
    writeLong(out, epoch.version());
    if (newMeta != null) {
      writeBytes(out, newMeta.encode());
    }
    if (split != null) {
      writeVarint(out, split.splitKeys().size());
      for (int i = 0; i < split.splitKeys().size(); i++) {
        RegionMeta.NewRegion n = split.newRegions().get(i);
        writeBytes(out, split.splitKeys().get(i));
        writeLong(out, n.id());
        writeVarint(out, n.peerIds().size());
        for (long id : n.peerIds()) {
          writeLong(out, id);
        }
      }
    }
    writeVarint(out, mutations.size());
    for (Mutation m : mutations) {
      switch (m) {
        case Mutation.Put p -> {
          out.write(OP_PUT);
          out.write(cfCode(p.cf()));
          writeBytes(out, p.key());
          writeBytes(out, p.value());
        }
        case Mutation.Delete d -> {
          out.write(OP_DELETE);
          out.write(cfCode(d.cf()));
          writeBytes(out, d.key());
        }
        case Mutation.DeleteRange r -> {
          out.write(OP_DELETE_RANGE);
          out.write(cfCode(r.cf()));
          writeBytes(out, r.start());
          writeBytes(out, r.end());
        }
      }
    }
    return out.toByteArray();
  }

  /** Decodes {@link #encode()}'s output; malformed input fails with IllegalArgumentException. */
  public static RaftCommand decode(ByteBuffer in) {
    try {
      byte format = in.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown raft command format " + format
            + (format == 1 ? " (written by an older Cairn; its log cannot be replayed)" : ""));
      }
      byte flags = in.get();
      if ((flags & ~(FLAG_META | FLAG_SPLIT)) != 0) {
        throw new IllegalArgumentException("unknown raft command flags " + flags);
      }
      RegionEpoch epoch = new RegionEpoch(in.getLong(), in.getLong());
      RegionMeta meta = (flags & FLAG_META) != 0 ? RegionMeta.decode(readBytes(in)) : null;
      Split split = (flags & FLAG_SPLIT) != 0 ? readSplit(in) : null;
      int n = readVarint(in);
      List<Mutation> ms = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        byte op = in.get();
        ColumnFamily cf = cfOf(in.get());
        ms.add(
            switch (op) {
              case OP_PUT -> new Mutation.Put(cf, readBytes(in), readBytes(in));
              case OP_DELETE -> new Mutation.Delete(cf, readBytes(in));
              case OP_DELETE_RANGE -> new Mutation.DeleteRange(cf, readBytes(in), readBytes(in));
              default -> throw new IllegalArgumentException("unknown mutation op " + op);
            });
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes in raft command");
      }
      return new RaftCommand(epoch, ms, meta, split);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated raft command", e);
    }
  }

  private static Split readSplit(ByteBuffer in) {
    int keys = readVarint(in);
    if (keys > in.remaining() / 10) {
      throw new IllegalArgumentException(keys + " split keys exceed the remaining " + in.remaining() + " bytes");
    }
    List<byte[]> splitKeys = new ArrayList<>(keys);
    List<RegionMeta.NewRegion> regions = new ArrayList<>(keys);
    for (int k = 0; k < keys; k++) {
      splitKeys.add(readBytes(in));
      long newRegionId = in.getLong();
      int n = readVarint(in);
      if (n > in.remaining() / 8) {
        throw new IllegalArgumentException(n + " peer ids exceed the remaining " + in.remaining() + " bytes");
      }
      List<Long> ids = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ids.add(in.getLong());
      }
      regions.add(new RegionMeta.NewRegion(newRegionId, ids));
    }
    return new Split(splitKeys, regions);
  }

  static int cfCode(ColumnFamily cf) {
    return switch (cf) {
      case DEFAULT -> 0;
      case LOCK -> 1;
      case WRITE -> 2;
      case RAFT -> 3;
    };
  }

  static ColumnFamily cfOf(byte code) {
    return switch (code) {
      case 0 -> ColumnFamily.DEFAULT;
      case 1 -> ColumnFamily.LOCK;
      case 2 -> ColumnFamily.WRITE;
      case 3 -> ColumnFamily.RAFT;
      default -> throw new IllegalArgumentException("unknown column family code " + code);
    };
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    writeVarint(out, b.length);
    out.write(b, 0, b.length);
  }

  private static void writeVarint(ByteArrayOutputStream out, int v) {
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static int readVarint(ByteBuffer in) {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        if (v < 0) {
          throw new IllegalArgumentException("varint out of range");
        }
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }

  private static byte[] readBytes(ByteBuffer in) {
    int len = readVarint(in);
    if (len > in.remaining()) {
      throw new IllegalArgumentException("length " + len + " exceeds remaining " + in.remaining());
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }
}
