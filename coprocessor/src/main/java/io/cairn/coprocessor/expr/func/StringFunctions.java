package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * String functions over utf8mb4 strings. Positions and lengths count characters (code points),
 * LENGTH counts UTF-8 bytes. LOCATE/INSTR follow the collation (case-insensitive under
 * utf8mb4_general_ci, see {@link #locate}); REPLACE and TRIM match exactly, as in MySQL. Results longer than
 * {@link #MAX_ALLOWED_PACKET} are NULL with warning 1301, as MySQL does for REPEAT/LPAD/RPAD.
 */
final class StringFunctions {
  private StringFunctions() {}

  static final int MAX_ALLOWED_PACKET = 64 * 1024 * 1024;

  interface Str1 {
    Object apply(String s, EvalContext ctx);
  }

  static void register(Map<FuncId, FunctionDef> m) {
    m.put(FuncId.CONCAT, new Def("concat", 1, Def.MANY, Types::stringResult, (args, ret) -> (row, ctx) -> {
      StringBuilder sb = new StringBuilder();
      for (Expr e : args) {
        String s = Args.str(e, row, ctx);
        if (s == null) {
          return null;
        }
        sb.append(s);
      }
      return sb.toString();
    }));
    m.put(FuncId.CONCAT_WS, new Def("concat_ws", 2, Def.MANY, Types::stringResult, (args, ret) -> (row, ctx) -> {
      String sep = Args.str(args.get(0), row, ctx);
      if (sep == null) {
        return null;
      }
      StringBuilder sb = new StringBuilder();
      boolean first = true;
      for (int i = 1; i < args.size(); i++) {
        String s = Args.str(args.get(i), row, ctx);
        if (s == null) {
          continue;
        }
        if (!first) {
          sb.append(sep);
        }
        sb.append(s);
        first = false;
      }
      return sb.toString();
    }));
    m.put(FuncId.LENGTH, intOf("length", (s, c) -> (long) utf8Length(s)));
    m.put(FuncId.CHAR_LENGTH, intOf("char_length", (s, c) -> (long) s.codePointCount(0, s.length())));
    m.put(FuncId.ASCII, intOf("ascii", (s, c) -> s.isEmpty() ? 0L : (long) (s.getBytes(StandardCharsets.UTF_8)[0] & 0xFF)));
    m.put(FuncId.UPPER, strOf("upper", (s, c) -> mapCodePoints(s, true)));
    m.put(FuncId.LOWER, strOf("lower", (s, c) -> mapCodePoints(s, false)));
    m.put(FuncId.REVERSE, strOf("reverse", (s, c) -> new StringBuilder(s).reverse().toString()));
    m.put(FuncId.TRIM, strOf("trim", (s, c) -> trim(s, " ", true, true)));
    m.put(FuncId.LTRIM, strOf("ltrim", (s, c) -> trim(s, " ", true, false)));
    m.put(FuncId.RTRIM, strOf("rtrim", (s, c) -> trim(s, " ", false, true)));
    m.put(FuncId.TRIM_BOTH, trim2(true, true));
    m.put(FuncId.TRIM_LEADING, trim2(true, false));
    m.put(FuncId.TRIM_TRAILING, trim2(false, true));
    m.put(FuncId.SUBSTRING, new Def("substr", 2, 3, a -> Types.stringResult(a.subList(0, 1)), (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      Long pos = Args.integer(args.get(1), row, ctx);
      Long len = args.size() == 3 ? Args.integer(args.get(2), row, ctx) : Long.valueOf(Long.MAX_VALUE);
      if (s == null || pos == null || len == null) {
        return null;
      }
      int n = s.codePointCount(0, s.length());
      long start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : n;
      if (pos == 0 || start < 0 || start >= n || len <= 0) {
        return "";
      }
      long end = Math.min(n, start + Math.min(len, n));
      return cpSub(s, (int) start, (int) end);
    }));
    m.put(FuncId.LEFT, new Def("left", 2, 2, a -> Types.stringResult(a.subList(0, 1)), (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      Long len = Args.integer(args.get(1), row, ctx);
      if (s == null || len == null) {
        return null;
      }
      int n = s.codePointCount(0, s.length());
      return len <= 0 ? "" : cpSub(s, 0, (int) Math.min(n, len));
    }));
    m.put(FuncId.RIGHT, new Def("right", 2, 2, a -> Types.stringResult(a.subList(0, 1)), (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      Long len = Args.integer(args.get(1), row, ctx);
      if (s == null || len == null) {
        return null;
      }
      int n = s.codePointCount(0, s.length());
      return len <= 0 ? "" : cpSub(s, (int) (n - Math.min(n, len)), n);
    }));
    m.put(FuncId.REPLACE, new Def("replace", 3, 3, Types::stringResult, (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      String from = Args.str(args.get(1), row, ctx);
      String to = Args.str(args.get(2), row, ctx);
      if (s == null || from == null || to == null) {
        return null;
      }
      return from.isEmpty() ? s : s.replace(from, to);
    }));
    m.put(FuncId.LOCATE, new Def("locate", 2, 3, a -> FieldType.bigint(), (args, ret) -> {
      Collation coll = Types.aggregateCollation(List.of(args.get(0).type(), args.get(1).type())).collation();
      return (row, ctx) -> {
        String sub = Args.str(args.get(0), row, ctx);
        String s = Args.str(args.get(1), row, ctx);
        Long pos = args.size() == 3 ? Args.integer(args.get(2), row, ctx) : Long.valueOf(1);
        if (sub == null || s == null || pos == null) {
          return null;
        }
        return locate(s, sub, pos, coll);
      };
    }));
    m.put(FuncId.INSTR, new Def("instr", 2, 2, a -> FieldType.bigint(), (args, ret) -> {
      Collation coll = Types.aggregateCollation(List.of(args.get(0).type(), args.get(1).type())).collation();
      return (row, ctx) -> {
        String s = Args.str(args.get(0), row, ctx);
        String sub = Args.str(args.get(1), row, ctx);
        if (sub == null || s == null) {
          return null;
        }
        return locate(s, sub, 1, coll);
      };
    }));
    m.put(FuncId.FIND_IN_SET, new Def("find_in_set", 2, 2, a -> FieldType.bigint(), (args, ret) -> {
      Collation coll = Types.aggregateCollation(List.of(args.get(0).type(), args.get(1).type())).collation();
      return (row, ctx) -> {
        String needle = Args.str(args.get(0), row, ctx);
        String list = Args.str(args.get(1), row, ctx);
        if (needle == null || list == null) {
          return null;
        }
        return findInSet(needle, list, coll);
      };
    }));
    m.put(FuncId.LPAD, pad("lpad", true));
    m.put(FuncId.RPAD, pad("rpad", false));
    m.put(FuncId.REPEAT, new Def("repeat", 2, 2, a -> Types.stringResult(a.subList(0, 1)), (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      Long n = Args.integer(args.get(1), row, ctx);
      if (s == null || n == null) {
        return null;
      }
      if (n <= 0 || s.isEmpty()) {
        return "";
      }
      if ((double) utf8Length(s) * n > MAX_ALLOWED_PACKET) {
        return tooLarge("repeat", ctx);
      }
      return s.repeat(n.intValue());
    }));
    m.put(FuncId.HEX, new Def("hex", 1, 1, a -> FieldType.varchar(Collation.UTF8MB4_GENERAL_CI, Coercibility.COERCIBLE), (args, ret) -> {
      Expr x = args.get(0);
      boolean numeric = x.type().evalType().isNumeric();
      return (row, ctx) -> {
        Object v = x.eval(row, ctx);
        if (v == null) {
          return null;
        }
        if (numeric) {
          long n = v instanceof Long l ? l : Convert.toLong(v, false, false, ctx);
          return Long.toHexString(n).toUpperCase(Locale.ROOT);
        }
        byte[] b = Args.str(x, row, ctx).getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte by : b) {
          sb.append(Character.toUpperCase(Character.forDigit((by >> 4) & 0xF, 16)))
              .append(Character.toUpperCase(Character.forDigit(by & 0xF, 16)));
        }
        return sb.toString();
      };
    }));
  }

  /**
   * MySQL's FIND_IN_SET: the 1-based position of {@code needle} among the comma-separated items
   * of {@code list}, 0 when absent or when the list is empty; a needle containing a comma never
   * matches.
   */
  static long findInSet(String needle, String list, Collation coll) {
    if (list.isEmpty() || needle.indexOf(',') >= 0) {
      return 0;
    }
    long position = 1;
    int start = 0;
    while (true) {
      int comma = list.indexOf(',', start);
      String item = comma < 0 ? list.substring(start) : list.substring(start, comma);
      if (coll.compare(item, needle) == 0) {
        return position;
      }
      if (comma < 0) {
        return 0;
      }
      start = comma + 1;
      position++;
    }
  }

  private static Object tooLarge(String fn, EvalContext ctx) {
    ctx.warn(1301, "Result of " + fn + "() was larger than max_allowed_packet (" + MAX_ALLOWED_PACKET + ") - truncated");
    return null;
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      n += utf8Length(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  static String cpSub(String s, int startCp, int endCp) {
    int b = s.offsetByCodePoints(0, startCp);
    int e = s.offsetByCodePoints(b, endCp - startCp);
    return s.substring(b, e);
  }

  private static String mapCodePoints(String s, boolean upper) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  static String trim(String s, String rem, boolean leading, boolean trailing) {
    if (rem.isEmpty()) {
      return s;
    }
    int b = 0;
    int e = s.length();
    if (leading) {
      while (s.startsWith(rem, b)) {
        b += rem.length();
      }
    }
    if (trailing) {
      while (e - rem.length() >= b && s.startsWith(rem, e - rem.length())) {
        e -= rem.length();
      }
    }
    return s.substring(b, e);
  }

  /**
   * 1-based character position of {@code sub} in {@code s} at or after {@code pos}, 0 if absent.
   * Like MySQL's my_instr_mb, a candidate is the run of characters at a position that spans the
   * needle's UTF-8 byte length, compared by weights without padding: so under general_ci
   * LOCATE('É', 'café') is 4 but LOCATE('e', 'café') is 0 (1 byte against 2).
   */
  static long locate(String s, String sub, long pos, Collation coll) {
    int[] hay = s.codePoints().toArray();
    int[] needle = sub.codePoints().toArray();
    if (pos < 1 || pos > hay.length + 1) {
      return 0;
    }
    int needleBytes = 0;
    for (int cp : needle) {
      needleBytes += utf8Length(cp);
    }
    for (int i = (int) pos - 1; i <= hay.length; i++) {
      int bytes = 0;
      int end = i;
      while (end < hay.length && bytes < needleBytes) {
        bytes += utf8Length(hay[end++]);
      }
      if (bytes != needleBytes || end - i != needle.length) {
        if (bytes < needleBytes) {
          return 0;
        }
        continue;
      }
      boolean match = true;
      for (int j = 0; j < needle.length; j++) {
        if (coll.weight(hay[i + j]) != coll.weight(needle[j])) {
          match = false;
          break;
        }
      }
      if (match) {
        return i + 1;
      }
    }
    return 0;
  }

  static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  private static Def pad(String name, boolean left) {
    return new Def(name, 3, 3, a -> Types.stringResult(List.of(a.get(0), a.get(2))), (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      Long len = Args.integer(args.get(1), row, ctx);
      String p = Args.str(args.get(2), row, ctx);
      if (s == null || len == null || p == null || len < 0) {
        return null;
      }
      int n = s.codePointCount(0, s.length());
      if (len <= n) {
        return cpSub(s, 0, len.intValue());
      }
      if (len * 4 > MAX_ALLOWED_PACKET) {
        return tooLarge(name, ctx);
      }
      int[] pcs = p.codePoints().toArray();
      if (pcs.length == 0) {
        return null;
      }
      StringBuilder padding = new StringBuilder();
      for (long i = 0; i < len - n; i++) {
        padding.appendCodePoint(pcs[(int) (i % pcs.length)]);
      }
      return left ? padding + s : s + padding;
    });
  }

  private static Def trim2(boolean leading, boolean trailing) {
    return new Def("trim", 2, 2, a -> Types.stringResult(a.subList(0, 1)), (args, ret) -> (row, ctx) -> {
      String s = Args.str(args.get(0), row, ctx);
      String rem = Args.str(args.get(1), row, ctx);
      if (s == null || rem == null) {
        return null;
      }
      return trim(s, rem, leading, trailing);
    });
  }

  private static Def intOf(String name, Str1 f) {
    return new Def(name, 1, 1, a -> FieldType.bigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (Row row, EvalContext ctx) -> {
        String s = Args.str(x, row, ctx);
        return s == null ? null : f.apply(s, ctx);
      };
    });
  }

  private static Def strOf(String name, Str1 f) {
    return new Def(name, 1, 1, Types::stringResult, (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        String s = Args.str(x, row, ctx);
        return s == null ? null : f.apply(s, ctx);
      };
    });
  }
}
