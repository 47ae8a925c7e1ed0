package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/** Shared test vocabulary: the session the case tables assume, and MySQL-client-style rendering. */
final class ExprTesting {
  private ExprTesting() {}

  /** 2024-05-17 12:34:56.789 UTC, the statement start of every table case. */
  static final Instant NOW = Instant.ofEpochSecond(1715949296L, 789_000_000L);

  static EvalContext selectContext() {
    return EvalContext.forSelect(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The outcome as the mysql client prints it: value (or NULL, or ERROR n) and warning codes. */
  record Outcome(String value, String warnings, FieldType type) {}

  static Outcome run(ExprBuilder b, String sql, List<FieldType> schema, Row row) {
    EvalContext ctx = selectContext();
    try {
      Expr e = ExprParser.parse(b, schema, ctx, sql);
      Object v = e.eval(row, ctx);
      String warnings = ctx.warnings().stream().map(w -> Integer.toString(w.code())).collect(Collectors.joining(","));
      return new Outcome(v == null ? "NULL" : Convert.toStr(v, e.type()), warnings, e.type());
    } catch (EvalException ex) {
      return new Outcome("ERROR " + ex.errno(), "", null);
    }
  }

  static Outcome run(String sql) {
    return run(new ExprBuilder(), sql, List.of(), Row.of());
  }
}
