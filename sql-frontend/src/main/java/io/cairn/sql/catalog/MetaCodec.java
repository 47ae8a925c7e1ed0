package io.cairn.sql.catalog;

import io.cairn.codec.ByteReader;
import io.cairn.codec.ByteWriter;
import io.cairn.codec.DatumCodec;
import io.cairn.codec.VarintCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of the schema objects stored under {@link MetaKeys}. Every value starts with
 * a format byte ({@link #FORMAT_V1}); a reader refuses formats it does not know rather than
 * guess. Within a value: {@code uv} is an unsigned varint, {@code v} a zigzag varint ({@link
 * VarintCodec}), {@code str} is {@code uv length + UTF-8 bytes}, {@code bool} one byte 0/1, and
 * enums are written by name (a {@code str}) so that reordering an enum cannot change meaning.
 *
 * <pre>
 *   database  01 uv id, str name, str charset, str collation
 *   table     01 uv id, uv dbId, str name, bool pkIsHandle, str charset, str collation,
 *                str comment, v autoIncrementBase, uv maxColumnId, uv maxIndexId, str state,
 *                bool isView [str selectSql, uv n, n x str columnName],
 *                uv nColumns, columns..., uv nIndexes, indexes...
 *   column    uv id, str name, uv offset, str kind, v length, uv scale,
 *                uv flags (1 unsigned, 2 zerofill, 4 nullable, 8 auto_increment,
 *                16 on update current_timestamp),
 *                byte default (0 none, 1 literal + a value datum of the column's type
 *                ({@link DatumCodec#encodeValue}), 2 CURRENT_TIMESTAMP),
 *                str collation ("" for none), str comment, str state
 *   index     uv id, str name, uv n, n x (str column, v prefixLength), bool unique,
 *                bool primary, str comment, str state
 *   diff      01 uv n, n x uv tableId
 *   ranges    01 uv n, n x (uv len, start bytes, uv len, end bytes)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class MetaCodec {

  public static final int FORMAT_V1 = 1;

  private static final int F_UNSIGNED = 1;
  private static final int F_ZEROFILL = 2;
  private static final int F_NULLABLE = 4;
  private static final int F_AUTO_INC = 8;
  private static final int F_ON_UPDATE = 16;

  private MetaCodec() {}

  public static byte[] encodeDatabase(DatabaseInfo db) {
    ByteWriter w = new ByteWriter(32);
    w.write(FORMAT_V1);
    VarintCodec.writeUvarint(w, db.id());
    str(w, db.name());
    str(w, db.charset());
    str(w, db.collation());
    return w.toByteArray();
  }

  public static DatabaseInfo decodeDatabase(byte[] bytes) {
    ByteReader r = open(bytes, "database");
    return new DatabaseInfo(VarintCodec.readUvarint(r), str(r), str(r), str(r));
  }

  public static byte[] encodeTable(TableInfo t) {
    ByteWriter w = new ByteWriter(256);
    w.write(FORMAT_V1);
    VarintCodec.writeUvarint(w, t.id());
    VarintCodec.writeUvarint(w, t.dbId());
    str(w, t.name());
    bool(w, t.pkIsHandle());
    str(w, t.charset());
    str(w, t.collation());
    str(w, t.comment());
    VarintCodec.writeVarint(w, t.autoIncrementBase());
    VarintCodec.writeUvarint(w, t.maxColumnId());
    VarintCodec.writeUvarint(w, t.maxIndexId());
    str(w, t.state().name());
    bool(w, t.isView());
    if (t.isView()) {
      str(w, t.view().selectSql());
      VarintCodec.writeUvarint(w, t.view().columnNames().size());
      for (String n : t.view().columnNames()) {
        str(w, n);
      }
    }
    VarintCodec.writeUvarint(w, t.columns().size());
    for (ColumnInfo c : t.columns()) {
      writeColumn(w, c);
    }
    VarintCodec.writeUvarint(w, t.indexes().size());
    for (IndexInfo i : t.indexes()) {
      writeIndex(w, i);
    }
    return w.toByteArray();
  }

  public static TableInfo decodeTable(byte[] bytes) {
    ByteReader r = open(bytes, "table");
    long id = VarintCodec.readUvarint(r);
    long dbId = VarintCodec.readUvarint(r);
    String name = str(r);
    boolean pkIsHandle = bool(r);
    String charset = str(r);
    String collation = str(r);
    String comment = str(r);
    long autoIncBase = VarintCodec.readVarint(r);
    long maxColumnId = VarintCodec.readUvarint(r);
    long maxIndexId = VarintCodec.readUvarint(r);
    SchemaState state = SchemaState.valueOf(str(r));
    ViewInfo view = null;
    if (bool(r)) {
      String sql = str(r);
      int n = count(r);
      List<String> names = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        names.add(str(r));
      }
      view = new ViewInfo(sql, names);
    }
    int nc = count(r);
    List<ColumnInfo> columns = new ArrayList<>(nc);
    for (int i = 0; i < nc; i++) {
      columns.add(readColumn(r));
    }
    int ni = count(r);
    List<IndexInfo> indexes = new ArrayList<>(ni);
    for (int i = 0; i < ni; i++) {
      indexes.add(readIndex(r));
    }
    end(r, "table");
    return new TableInfo(id, dbId, name, columns, indexes, pkIsHandle, charset, collation,
        comment, autoIncBase, maxColumnId, maxIndexId, state, view);
  }

  public static byte[] encodeDiff(List<Long> tableIds) {
    ByteWriter w = new ByteWriter();
    w.write(FORMAT_V1);
    VarintCodec.writeUvarint(w, tableIds.size());
    for (long id : tableIds) {
      VarintCodec.writeUvarint(w, id);
    }
    return w.toByteArray();
  }

  public static List<Long> decodeDiff(byte[] bytes) {
    ByteReader r = open(bytes, "schema diff");
    int n = count(r);
    List<Long> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(VarintCodec.readUvarint(r));
    }
    end(r, "schema diff");
    return out;
  }

  /** Key ranges as {@code [start, end)} byte pairs. */
  public static byte[] encodeRanges(List<byte[][]> ranges) {
    ByteWriter w = new ByteWriter();
    w.write(FORMAT_V1);
    VarintCodec.writeUvarint(w, ranges.size());
    for (byte[][] r : ranges) {
      bytes(w, r[0]);
      bytes(w, r[1]);
    }
    return w.toByteArray();
  }

  public static List<byte[][]> decodeRanges(byte[] bytes) {
    ByteReader r = open(bytes, "delete ranges");
    int n = count(r);
    List<byte[][]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new byte[][] {bytes(r), bytes(r)});
    }
    end(r, "delete ranges");
    return out;
  }

  private static void writeColumn(ByteWriter w, ColumnInfo c) {
    VarintCodec.writeUvarint(w, c.id());
    str(w, c.name());
    VarintCodec.writeUvarint(w, c.offset());
    SqlType t = c.type();
    str(w, t.kind().name());
    VarintCodec.writeVarint(w, t.length());
    VarintCodec.writeUvarint(w, t.scale());
    int flags = (t.unsigned() ? F_UNSIGNED : 0) | (t.zerofill() ? F_ZEROFILL : 0)
        | (c.nullable() ? F_NULLABLE : 0) | (c.autoIncrement() ? F_AUTO_INC : 0)
        | (c.onUpdateCurrentTimestamp() ? F_ON_UPDATE : 0);
    VarintCodec.writeUvarint(w, flags);
    switch (c.defaultValue()) {
      case ColumnDefault.None n -> w.write(0);
      case ColumnDefault.Literal l -> {
        w.write(1);
        DatumCodec.encodeValue(w, t.columnType(), l.value());
      }
      case ColumnDefault.CurrentTimestamp ct -> w.write(2);
    }
    str(w, c.collation() == null ? "" : c.collation());
    str(w, c.comment());
    str(w, c.state().name());
  }

  private static ColumnInfo readColumn(ByteReader r) {
    long id = VarintCodec.readUvarint(r);
    String name = str(r);
    int offset = count(r);
    TypeKind kind = TypeKind.valueOf(str(r));
    int length = (int) VarintCodec.readVarint(r);
    int scale = count(r);
    int flags = count(r);
    SqlType type = new SqlType(kind, length, scale, (flags & F_UNSIGNED) != 0,
        (flags & F_ZEROFILL) != 0);
    int tag = r.readUnsignedByte();
    ColumnDefault def = switch (tag) {
      case 0 -> ColumnDefault.NONE;
      case 1 -> new ColumnDefault.Literal(DatumCodec.decode(r, type.columnType()));
      case 2 -> ColumnDefault.CURRENT_TIMESTAMP;
      default -> throw new IllegalStateException("unknown column default tag " + tag);
    };
    String collation = str(r);
    String comment = str(r);
    SchemaState state = SchemaState.valueOf(str(r));
    return new ColumnInfo(id, name, offset, type, (flags & F_NULLABLE) != 0, def,
        (flags & F_AUTO_INC) != 0, (flags & F_ON_UPDATE) != 0,
        collation.isEmpty() ? null : collation, comment, state);
  }

  private static void writeIndex(ByteWriter w, IndexInfo i) {
    VarintCodec.writeUvarint(w, i.id());
    str(w, i.name());
    VarintCodec.writeUvarint(w, i.columns().size());
    for (IndexColumn c : i.columns()) {
      str(w, c.name());
      VarintCodec.writeVarint(w, c.prefixLength());
    }
    bool(w, i.unique());
    bool(w, i.primary());
    str(w, i.comment());
    str(w, i.state().name());
  }

  private static IndexInfo readIndex(ByteReader r) {
    long id = VarintCodec.readUvarint(r);
    String name = str(r);
    int n = count(r);
    List<IndexColumn> cols = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      cols.add(new IndexColumn(str(r), (int) VarintCodec.readVarint(r)));
    }
    return new IndexInfo(id, name, cols, bool(r), bool(r), str(r), SchemaState.valueOf(str(r)));
  }

  private static ByteReader open(byte[] bytes, String what) {
    ByteReader r = new ByteReader(bytes);
    int format = r.readUnsignedByte();
    if (format != FORMAT_V1) {
      throw new IllegalStateException("unknown " + what + " meta format " + format);
    }
    return r;
  }

  private static void end(ByteReader r, String what) {
    if (r.hasRemaining()) {
      throw new IllegalStateException(r.remaining() + " trailing bytes after " + what);
    }
  }

  private static int count(ByteReader r) {
    long n = VarintCodec.readUvarint(r);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalStateException("bad count " + n + " in meta value");
    }
    return (int) n;
  }

  private static void str(ByteWriter w, String s) {
    bytes(w, s.getBytes(StandardCharsets.UTF_8));
  }

  private static String str(ByteReader r) {
    return new String(bytes(r), StandardCharsets.UTF_8);
  }

  private static void bytes(ByteWriter w, byte[] b) {
    VarintCodec.writeUvarint(w, b.length);
    w.write(b);
  }

  private static byte[] bytes(ByteReader r) {
    return r.readBytes(count(r));
  }

  private static void bool(ByteWriter w, boolean b) {
    w.write(b ? 1 : 0);
  }

  private static boolean bool(ByteReader r) {
    int b = r.readUnsignedByte();
    if (b > 1) {
      throw new IllegalStateException("bad boolean byte " + b + " in meta value");
    }
    return b == 1;
  }
}
