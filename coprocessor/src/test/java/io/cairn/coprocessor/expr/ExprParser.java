package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test-only parser for MySQL scalar expressions, so that test tables can be written as the SQL a
 * MySQL client would send (and be replayed against a real server). Columns are named {@code c0},
 * {@code c1}, … after the schema given. Precedence follows MySQL's operator table.
 */
final class ExprParser {
  private final ExprBuilder b;
  private final List<FieldType> schema;
  private final EvalContext ctx;
  private final String src;
  private int pos;

  ExprParser(ExprBuilder b, List<FieldType> schema, EvalContext ctx, String src) {
    this.b = b;
    this.schema = schema;
    this.ctx = ctx;
    this.src = src;
  }

  static Expr parse(ExprBuilder b, List<FieldType> schema, EvalContext ctx, String src) {
    ExprParser p = new ExprParser(b, schema, ctx, src);
    Expr e = p.expr();
    p.skipWs();
    if (p.pos != src.length()) {
      throw p.error("unexpected input");
    }
    return e;
  }

  private IllegalArgumentException error(String msg) {
    return new IllegalArgumentException(msg + " at " + pos + " in: " + src);
  }

  private void skipWs() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private boolean peekWord(String w) {
    skipWs();
    int end = pos + w.length();
    if (end > src.length() || !src.regionMatches(true, pos, w, 0, w.length())) {
      return false;
    }
    return end == src.length() || !(Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_');
  }

  private boolean word(String w) {
    if (peekWord(w)) {
      pos += w.length();
      return true;
    }
    return false;
  }

  private void expectWord(String w) {
    if (!word(w)) {
      throw error("expected " + w);
    }
  }

  private boolean sym(String s) {
    skipWs();
    if (src.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private void expect(String s) {
    if (!sym(s)) {
      throw error("expected '" + s + "'");
    }
  }

  Expr expr() {
    Expr l = xorExpr();
    while (word("OR") || sym("||")) {
      l = b.call(FuncId.OR, l, xorExpr());
    }
    return l;
  }

  private Expr xorExpr() {
    Expr l = andExpr();
    while (word("XOR")) {
      l = b.call(FuncId.XOR, l, andExpr());
    }
    return l;
  }

  private Expr andExpr() {
    Expr l = notExpr();
    while (word("AND") || sym("&&")) {
      l = b.call(FuncId.AND, l, notExpr());
    }
    return l;
  }

  private Expr notExpr() {
    if (word("NOT")) {
      return b.call(FuncId.NOT, notExpr());
    }
    return predicate();
  }

  private Expr predicate() {
    Expr l = additive();
    while (true) {
      if (sym("<=>")) {
        l = b.call(FuncId.NULL_EQ, l, additive());
      } else if (sym("<=")) {
        l = b.call(FuncId.LE, l, additive());
      } else if (sym(">=")) {
        l = b.call(FuncId.GE, l, additive());
      } else if (sym("<>") || sym("!=")) {
        l = b.call(FuncId.NE, l, additive());
      } else if (sym("=")) {
        l = b.call(FuncId.EQ, l, additive());
      } else if (sym("<")) {
        l = b.call(FuncId.LT, l, additive());
      } else if (sym(">")) {
        l = b.call(FuncId.GT, l, additive());
      } else if (word("IS")) {
        boolean not = word("NOT");
        FuncId id;
        if (word("NULL")) {
          id = not ? FuncId.IS_NOT_NULL : FuncId.IS_NULL;
        } else if (word("TRUE")) {
          id = not ? FuncId.IS_NOT_TRUE : FuncId.IS_TRUE;
        } else {
          expectWord("FALSE");
          id = not ? FuncId.IS_NOT_FALSE : FuncId.IS_FALSE;
        }
        l = b.call(id, l);
      } else {
        int save = pos;
        boolean not = word("NOT");
        if (word("IN")) {
          expect("(");
          List<Expr> args = new ArrayList<>();
          args.add(l);
          do {
            args.add(expr());
          } while (sym(","));
          expect(")");
          l = b.call(FuncId.IN, args);
        } else if (word("BETWEEN")) {
          Expr lo = additive();
          expectWord("AND");
          Expr hi = additive();
          l = b.call(FuncId.BETWEEN, l, lo, hi);
        } else if (word("LIKE")) {
          Expr p = additive();
          String esc = null;
          if (word("ESCAPE")) {
            esc = (String) ((Constant) primary()).value();
          }
          l = b.like(l, p, esc);
        } else {
          pos = save;
          return l;
        }
        if (not) {
          l = b.call(FuncId.NOT, l);
        }
      }
    }
  }

  private Expr additive() {
    Expr l = multiplicative();
    while (true) {
      if (sym("+")) {
        if (word("INTERVAL")) {
          l = interval(l, false);
        } else {
          l = b.call(FuncId.PLUS, l, multiplicative());
        }
      } else if (sym("-")) {
        if (word("INTERVAL")) {
          l = interval(l, true);
        } else {
          l = b.call(FuncId.MINUS, l, multiplicative());
        }
      } else {
        return l;
      }
    }
  }

  private Expr interval(Expr l, boolean sub) {
    Expr amount = expr();
    String unit = ident();
    return b.dateAdd(l, amount, unit, sub);
  }

  private Expr multiplicative() {
    Expr l = unary();
    while (true) {
      if (sym("*")) {
        l = b.call(FuncId.MUL, l, unary());
      } else if (sym("/")) {
        l = b.call(FuncId.DIVIDE, l, unary());
      } else if (sym("%") || word("MOD")) {
        l = b.call(FuncId.MOD, l, unary());
      } else if (word("DIV")) {
        l = b.call(FuncId.INT_DIV, l, unary());
      } else {
        return l;
      }
    }
  }

  private Expr unary() {
    if (sym("-")) {
      skipWs();
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        Constant c = number();
        // MySQL's parser folds a minus sign into a numeric literal.
        if (c.value() instanceof BigDecimal bd) {
          if (bd.scale() == 0 && bd.compareTo(BigDecimal.valueOf(Long.MIN_VALUE).negate()) == 0) {
            return b.intLiteral(Long.MIN_VALUE);
          }
          return b.decimalLiteral(bd.negate());
        }
        if (c.value() instanceof Double d) {
          return b.doubleLiteral(-d);
        }
        if (c.type().isUnsigned()) {
          return b.decimalLiteral(new BigDecimal(Long.toUnsignedString((Long) c.value())).negate());
        }
        return b.intLiteral(-(Long) c.value());
      }
      return b.call(FuncId.UNARY_MINUS, unary());
    }
    if (sym("!")) {
      return b.call(FuncId.NOT, unary());
    }
    if (sym("+")) {
      return unary();
    }
    Expr e = primary();
    while (word("COLLATE")) {
      e = b.collate(e, Collation.byName(ident()));
    }
    return e;
  }

  private String ident() {
    skipWs();
    int st = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    if (st == pos) {
      throw error("expected identifier");
    }
    return src.substring(st, pos);
  }

  private Constant number() {
    skipWs();
    int st = pos;
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
      pos++;
    }
    boolean exp = false;
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      exp = true;
      pos++;
      if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
        pos++;
      }
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    String t = src.substring(st, pos);
    if (exp) {
      return b.doubleLiteral(Double.parseDouble(t));
    }
    if (t.contains(".")) {
      return b.decimalLiteral(new BigDecimal(t.endsWith(".") ? t + "0" : t.startsWith(".") ? "0" + t : t));
    }
    BigInteger bi = new BigInteger(t);
    if (bi.bitLength() <= 63) {
      return b.intLiteral(bi.longValue());
    }
    if (bi.bitLength() <= 64) {
      return b.unsignedLiteral(bi.longValue());
    }
    return b.decimalLiteral(new BigDecimal(bi));
  }

  private String stringBody() {
    char q = src.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error("unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == q) {
        if (pos < src.length() && src.charAt(pos) == q) {
          sb.append(q);
          pos++;
          continue;
        }
        return sb.toString();
      }
      if (c == '\\') {
        char n = src.charAt(pos++);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case '0' -> sb.append('\0');
          case '%', '_' -> sb.append('\\').append(n);
          default -> sb.append(n);
        }
        continue;
      }
      sb.append(c);
    }
  }

  private Expr primary() {
    skipWs();
    if (pos >= src.length()) {
      throw error("unexpected end");
    }
    char c = src.charAt(pos);
    if (c == '(') {
      pos++;
      Expr e = expr();
      expect(")");
      return e;
    }
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (c == '\'' || c == '"') {
      return b.stringLiteral(stringBody());
    }
    if (word("NULL")) {
      return b.nullLiteral();
    }
    if (word("TRUE")) {
      return b.intLiteral(1);
    }
    if (word("FALSE")) {
      return b.intLiteral(0);
    }
    for (String t : new String[] {"DATE", "TIME", "TIMESTAMP"}) {
      int save = pos;
      if (word(t)) {
        skipWs();
        if (pos < src.length() && src.charAt(pos) == '\'') {
          String text = stringBody();
          MysqlType mt = t.equals("DATE") ? MysqlType.DATE : t.equals("TIME") ? MysqlType.TIME : MysqlType.DATETIME;
          return b.temporalLiteral(mt, text, ctx);
        }
        pos = save;
      }
    }
    if (word("_utf8mb4")) {
      return primary();
    }
    if (word("CASE")) {
      return caseExpr();
    }
    String name = ident();
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.matches("C\\d+")) {
      int idx = Integer.parseInt(upper.substring(1));
      return b.column(idx, schema.get(idx), name);
    }
    if (upper.equals("CURRENT_TIMESTAMP") && !peekSym("(")) {
      return b.call(FuncId.NOW);
    }
    expect("(");
    return call(upper);
  }

  private boolean peekSym(String s) {
    skipWs();
    return src.startsWith(s, pos);
  }

  private Expr caseExpr() {
    Expr value = null;
    if (!peekWord("WHEN")) {
      value = expr();
    }
    List<Expr> args = new ArrayList<>();
    while (word("WHEN")) {
      args.add(expr());
      expectWord("THEN");
      args.add(expr());
    }
    Expr elseExpr = word("ELSE") ? expr() : null;
    expectWord("END");
    if (value != null) {
      return b.simpleCase(value, args, elseExpr);
    }
    if (elseExpr != null) {
      args.add(elseExpr);
    }
    return b.call(FuncId.CASE, args);
  }

  private static final Map<String, FuncId> NAMES = Map.ofEntries(
      Map.entry("CONCAT", FuncId.CONCAT), Map.entry("CONCAT_WS", FuncId.CONCAT_WS),
      Map.entry("LENGTH", FuncId.LENGTH), Map.entry("OCTET_LENGTH", FuncId.LENGTH),
      Map.entry("CHAR_LENGTH", FuncId.CHAR_LENGTH), Map.entry("CHARACTER_LENGTH", FuncId.CHAR_LENGTH),
      Map.entry("UPPER", FuncId.UPPER), Map.entry("UCASE", FuncId.UPPER), Map.entry("LOWER", FuncId.LOWER),
      Map.entry("LCASE", FuncId.LOWER), Map.entry("SUBSTRING", FuncId.SUBSTRING), Map.entry("SUBSTR", FuncId.SUBSTRING),
      Map.entry("LEFT", FuncId.LEFT), Map.entry("RIGHT", FuncId.RIGHT), Map.entry("LTRIM", FuncId.LTRIM),
      Map.entry("RTRIM", FuncId.RTRIM), Map.entry("REPLACE", FuncId.REPLACE), Map.entry("LOCATE", FuncId.LOCATE),
      Map.entry("INSTR", FuncId.INSTR), Map.entry("FIND_IN_SET", FuncId.FIND_IN_SET), Map.entry("LPAD", FuncId.LPAD), Map.entry("RPAD", FuncId.RPAD),
      Map.entry("REPEAT", FuncId.REPEAT), Map.entry("REVERSE", FuncId.REVERSE), Map.entry("ASCII", FuncId.ASCII),
      Map.entry("HEX", FuncId.HEX), Map.entry("ABS", FuncId.ABS), Map.entry("CEIL", FuncId.CEIL),
      Map.entry("CEILING", FuncId.CEIL), Map.entry("FLOOR", FuncId.FLOOR), Map.entry("ROUND", FuncId.ROUND),
      Map.entry("TRUNCATE", FuncId.TRUNCATE), Map.entry("MOD", FuncId.MOD), Map.entry("POW", FuncId.POW),
      Map.entry("POWER", FuncId.POW), Map.entry("SQRT", FuncId.SQRT), Map.entry("EXP", FuncId.EXP),
      Map.entry("LN", FuncId.LN), Map.entry("LOG", FuncId.LOG), Map.entry("LOG10", FuncId.LOG10),
      Map.entry("LOG2", FuncId.LOG2), Map.entry("SIGN", FuncId.SIGN), Map.entry("PI", FuncId.PI),
      Map.entry("GREATEST", FuncId.GREATEST), Map.entry("LEAST", FuncId.LEAST), Map.entry("NOW", FuncId.NOW),
      Map.entry("CURRENT_TIMESTAMP", FuncId.NOW), Map.entry("CURDATE", FuncId.CURDATE),
      Map.entry("CURRENT_DATE", FuncId.CURDATE), Map.entry("DATE", FuncId.DATE), Map.entry("YEAR", FuncId.YEAR),
      Map.entry("MONTH", FuncId.MONTH), Map.entry("DAY", FuncId.DAY), Map.entry("DAYOFMONTH", FuncId.DAY),
      Map.entry("HOUR", FuncId.HOUR), Map.entry("MINUTE", FuncId.MINUTE), Map.entry("SECOND", FuncId.SECOND),
      Map.entry("DATEDIFF", FuncId.DATEDIFF), Map.entry("DATE_FORMAT", FuncId.DATE_FORMAT),
      Map.entry("UNIX_TIMESTAMP", FuncId.UNIX_TIMESTAMP), Map.entry("FROM_UNIXTIME", FuncId.FROM_UNIXTIME),
      Map.entry("IF", FuncId.IF), Map.entry("IFNULL", FuncId.IFNULL), Map.entry("COALESCE", FuncId.COALESCE),
      Map.entry("NULLIF", FuncId.NULLIF), Map.entry("ISNULL", FuncId.IS_NULL));

  private Expr call(String name) {
    switch (name) {
      case "CAST" -> {
        Expr e = expr();
        expectWord("AS");
        FieldType t = castType();
        expect(")");
        return b.cast(e, t);
      }
      case "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE" -> {
        Expr d = expr();
        expect(",");
        expectWord("INTERVAL");
        Expr amount = expr();
        String unit = ident();
        expect(")");
        return b.dateAdd(d, amount, unit, name.startsWith("DATE_SUB") || name.startsWith("SUB"));
      }
      case "TRIM" -> {
        FuncId id = null;
        if (word("BOTH")) {
          id = FuncId.TRIM_BOTH;
        } else if (word("LEADING")) {
          id = FuncId.TRIM_LEADING;
        } else if (word("TRAILING")) {
          id = FuncId.TRIM_TRAILING;
        }
        if (id != null && word("FROM")) {
          Expr s = expr();
          expect(")");
          return b.call(id, s, b.stringLiteral(" "));
        }
        Expr first = expr();
        if (word("FROM")) {
          Expr s = expr();
          expect(")");
          return b.call(id == null ? FuncId.TRIM_BOTH : id, s, first);
        }
        expect(")");
        return b.call(FuncId.TRIM, first);
      }
      default -> {
        FuncId id = NAMES.get(name);
        if (id == null) {
          throw error("unknown function " + name);
        }
        List<Expr> args = new ArrayList<>();
        if (!sym(")")) {
          do {
            args.add(expr());
          } while (sym(","));
          expect(")");
        }
        return b.call(id, args);
      }
    }
  }

  private FieldType castType() {
    String t = ident().toUpperCase(Locale.ROOT);
    switch (t) {
      case "SIGNED" -> {
        word("INTEGER");
        word("INT");
        return FieldType.bigint();
      }
      case "UNSIGNED" -> {
        word("INTEGER");
        word("INT");
        return FieldType.unsignedBigint();
      }
      case "DOUBLE", "REAL" -> {
        return FieldType.doubleType();
      }
      case "CHAR" -> {
        if (sym("(")) {
          ident();
          expect(")");
        }
        return FieldType.varchar();
      }
      case "DATE" -> {
        return FieldType.date();
      }
      case "DATETIME", "TIME" -> {
        int fsp = 0;
        if (sym("(")) {
          fsp = Integer.parseInt(ident());
          expect(")");
        }
        return t.equals("TIME") ? FieldType.time(fsp) : FieldType.datetime(fsp);
      }
      case "DECIMAL" -> {
        int p = 10;
        int s = 0;
        if (sym("(")) {
          p = Integer.parseInt(ident());
          if (sym(",")) {
            s = Integer.parseInt(ident());
          }
          expect(")");
        }
        return FieldType.decimal(p, s);
      }
      default -> throw error("unsupported cast type " + t);
    }
  }
}
