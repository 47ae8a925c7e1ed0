package io.cairn.sql.catalog;

import io.cairn.codec.ByteReader;
import io.cairn.codec.ByteWriter;
import io.cairn.codec.VarintCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The binary form of a {@link UserInfo} under {@link MetaKeys#user}, in {@link MetaCodec}'s
 * conventions ({@code uv} unsigned varint, {@code str} = uv length + UTF-8, {@code bool} one
 * byte, enums by name):
 *
 * <pre>
 *   user   01 str user, str host, str plugin, str authString, uv nGrants, grants...
 *   grant  str level (GLOBAL | DATABASE | TABLE), str db ("" when global),
 *          str table ("" unless TABLE), uv n, n x str privilege name, bool grantOption
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class UserCodec {

  private UserCodec() {}

  public static byte[] encode(UserInfo u) {
    ByteWriter w = new ByteWriter(64);
    w.write(MetaCodec.FORMAT_V1);
    str(w, u.user());
    str(w, u.host());
    str(w, u.plugin());
    str(w, u.authString());
    VarintCodec.writeUvarint(w, u.grants().size());
    for (Grant g : u.grants()) {
      str(w, g.level().name());
      str(w, g.db() == null ? "" : g.db());
      str(w, g.table() == null ? "" : g.table());
      VarintCodec.writeUvarint(w, g.privileges().size());
      for (Privilege p : g.privileges()) {
        str(w, p.name());
      }
      w.write(g.grantOption() ? 1 : 0);
    }
    return w.toByteArray();
  }

  public static UserInfo decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    int format = r.readUnsignedByte();
    if (format != MetaCodec.FORMAT_V1) {
      throw new IllegalStateException("unknown user meta format " + format);
    }
    String user = str(r);
    String host = str(r);
    String plugin = str(r);
    String auth = str(r);
    int n = count(r);
    List<Grant> grants = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Grant.Level level = Grant.Level.valueOf(str(r));
      String db = str(r);
      String table = str(r);
      int np = count(r);
      Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
      for (int j = 0; j < np; j++) {
        privileges.add(Privilege.valueOf(str(r)));
      }
      int option = r.readUnsignedByte();
      if (option > 1) {
        throw new IllegalStateException("bad boolean byte " + option + " in user meta value");
      }
      grants.add(new Grant(level, level == Grant.Level.GLOBAL ? null : db,
          level == Grant.Level.TABLE ? table : null, privileges, option == 1));
    }
    if (r.hasRemaining()) {
      throw new IllegalStateException(r.remaining() + " trailing bytes after user");
    }
    return new UserInfo(user, host, plugin, auth, grants);
  }

  private static int count(ByteReader r) {
    long n = VarintCodec.readUvarint(r);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalStateException("bad count " + n + " in user meta value");
    }
    return (int) n;
  }

  private static void str(ByteWriter w, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    VarintCodec.writeUvarint(w, b.length);
    w.write(b);
  }

  private static String str(ByteReader r) {
    return new String(r.readBytes(count(r)), StandardCharsets.UTF_8);
  }
}
