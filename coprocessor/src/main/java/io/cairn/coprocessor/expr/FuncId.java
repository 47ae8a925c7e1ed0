package io.cairn.coprocessor.expr;

/**
 * The scalar functions the evaluator implements. The ordinal is not a wire id: serialize the name
 * (or an explicit mapping) so that adding functions never renumbers a stored request.
 *
 * <p>Argument conventions that differ from the SQL surface: AND/OR/XOR are binary; {@link #LIKE}
 * takes (string, pattern, escape); {@link #CASE} is the searched form with arguments (when1,
 * then1, …, [else]) — the simple form is built as searched with equalities; {@link #DATE_ADD} /
 * {@link #DATE_SUB} take (date, amount, unit name as a string constant); {@link #CAST}'s target is
 * the call's own type; TRIM with a removal string is {@link #TRIM_BOTH} / {@link #TRIM_LEADING} /
 * {@link #TRIM_TRAILING} (string, remstr).
 */
public enum FuncId {
  EQ("=", true),
  NE("<>", true),
  LT("<", true),
  LE("<=", true),
  GT(">", true),
  GE(">=", true),
  NULL_EQ("<=>", true),
  IN("in", false),
  BETWEEN("between", false),
  LIKE("like", false),
  GREATEST("greatest", false),
  LEAST("least", false),

  AND("and", true),
  OR("or", true),
  XOR("xor", true),
  NOT("not", false),
  IS_NULL("isnull", false),
  IS_NOT_NULL("is not null", false),
  IS_TRUE("istrue", false),
  IS_NOT_TRUE("is not true", false),
  IS_FALSE("isfalse", false),
  IS_NOT_FALSE("is not false", false),

  CASE("case", false),
  IF("if", false),
  IFNULL("ifnull", false),
  COALESCE("coalesce", false),
  NULLIF("nullif", false),

  PLUS("+", true),
  MINUS("-", true),
  MUL("*", true),
  DIVIDE("/", true),
  INT_DIV("DIV", true),
  MOD("%", true),
  UNARY_MINUS("-", false),

  CAST("cast", false),

  CONCAT("concat", false),
  CONCAT_WS("concat_ws", false),
  LENGTH("length", false),
  CHAR_LENGTH("char_length", false),
  UPPER("upper", false),
  LOWER("lower", false),
  SUBSTRING("substr", false),
  LEFT("left", false),
  RIGHT("right", false),
  TRIM("trim", false),
  LTRIM("ltrim", false),
  RTRIM("rtrim", false),
  TRIM_BOTH("trim", false),
  TRIM_LEADING("trim", false),
  TRIM_TRAILING("trim", false),
  REPLACE("replace", false),
  LOCATE("locate", false),
  INSTR("instr", false),
  FIND_IN_SET("find_in_set", false),
  LPAD("lpad", false),
  RPAD("rpad", false),
  REPEAT("repeat", false),
  REVERSE("reverse", false),
  ASCII("ascii", false),
  HEX("hex", false),

  ABS("abs", false),
  CEIL("ceiling", false),
  FLOOR("floor", false),
  ROUND("round", false),
  TRUNCATE("truncate", false),
  POW("pow", false),
  SQRT("sqrt", false),
  EXP("exp", false),
  LN("ln", false),
  LOG("log", false),
  LOG10("log10", false),
  LOG2("log2", false),
  SIGN("sign", false),
  PI("pi", false),

  NOW("now", false),
  CURDATE("curdate", false),
  DATE("cast_as_date", false),
  YEAR("year", false),
  MONTH("month", false),
  DAY("dayofmonth", false),
  HOUR("hour", false),
  MINUTE("minute", false),
  SECOND("second", false),
  DATE_ADD("date_add", false),
  DATE_SUB("date_sub", false),
  DATEDIFF("datediff", false),
  DATE_FORMAT("date_format", false),
  UNIX_TIMESTAMP("unix_timestamp", false),
  FROM_UNIXTIME("from_unixtime", false);

  private final String sqlName;
  private final boolean infix;

  FuncId(String sqlName, boolean infix) {
    this.sqlName = sqlName;
    this.infix = infix;
  }

  /** The name MySQL uses when it prints the expression (e.g. in error 1690). */
  public String sqlName() {
    return sqlName;
  }

  public boolean infix() {
    return infix;
  }
}
