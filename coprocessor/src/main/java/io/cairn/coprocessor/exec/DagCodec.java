package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.ColumnRef;
import io.cairn.coprocessor.expr.Constant;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.ScalarFunction;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.proto.dag.Datum;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts expressions and field types between the evaluator's trees and the {@code cairn.dag}
 * protobuf messages, both ways: the client (SQL layer's DAG builder) encodes, the storage node
 * decodes and rebuilds calls with {@link ExprBuilder#rebuild}. Functions travel by their {@link
 * FuncId} name. Malformed input fails with {@link CoprocessorException} BAD_REQUEST. Thread-safe.
 */
public final class DagCodec {
  private final ExprBuilder builder;

  public DagCodec(ExprBuilder builder) {
    this.builder = builder;
  }

  public static io.cairn.proto.dag.FieldType toProto(FieldType t) {
    return io.cairn.proto.dag.FieldType.newBuilder()
        .setTp(t.type().code())
        .setFlag(t.flags())
        .setFlen(t.flen())
        .setDecimal(t.decimal())
        .setCollation(t.collation().id())
        .setCoercibility(t.coercibility().ordinal() + 1)
        .build();
  }

  public static FieldType fromProto(io.cairn.proto.dag.FieldType p) {
    MysqlType type = null;
    for (MysqlType m : MysqlType.values()) {
      if (m.code() == p.getTp()) {
        type = m;
        break;
      }
    }
    if (type == null) {
      throw bad("unsupported field type code " + p.getTp());
    }
    Collation coll = null;
    if (p.getCollation() != 0) {
      for (Collation c : Collation.values()) {
        if (c.id() == p.getCollation()) {
          coll = c;
        }
      }
      if (coll == null) {
        throw bad("unsupported collation id " + p.getCollation());
      }
    }
    Coercibility co = null;
    if (p.getCoercibility() != 0) {
      if (p.getCoercibility() < 0 || p.getCoercibility() > Coercibility.values().length) {
        throw bad("unknown coercibility " + p.getCoercibility());
      }
      co = Coercibility.values()[p.getCoercibility() - 1];
    }
    return new FieldType(type, p.getFlag(), p.getFlen(), p.getDecimal(), coll, co);
  }

  public io.cairn.proto.dag.Expr toProto(Expr e) {
    io.cairn.proto.dag.Expr.Builder b = io.cairn.proto.dag.Expr.newBuilder().setFieldType(toProto(e.type()));
    switch (e) {
      case ColumnRef c -> {
        b.setColumnIndex(c.index());
        if (c.name() != null) {
          b.setColumnName(c.name());
        }
      }
      case Constant c -> b.setConstant(datum(c.value()));
      case ScalarFunction f -> {
        io.cairn.proto.dag.ScalarFunc.Builder fb =
            io.cairn.proto.dag.ScalarFunc.newBuilder().setFuncId(f.id().name());
        for (Expr a : f.args()) {
          fb.addArgs(toProto(a));
        }
        b.setFunc(fb);
      }
    }
    return b.build();
  }

  /**
   * Rebuilds an expression over an input of {@code input} column types.
   *
   * @throws CoprocessorException BAD_REQUEST on unknown functions, bad column indexes or values
   */
  public Expr fromProto(io.cairn.proto.dag.Expr p, List<FieldType> input) {
    FieldType type = fromProto(p.getFieldType());
    return switch (p.getNodeCase()) {
      case COLUMN_INDEX -> {
        int i = p.getColumnIndex();
        if (i >= input.size()) {
          throw bad("column index " + i + " beyond the input's " + input.size() + " columns");
        }
        yield builder.column(i, type, p.getColumnName().isEmpty() ? null : p.getColumnName());
      }
      case CONSTANT -> builder.constant(value(p.getConstant(), type), type);
      case FUNC -> {
        FuncId id;
        try {
          id = FuncId.valueOf(p.getFunc().getFuncId());
        } catch (IllegalArgumentException e) {
          throw bad("unknown function " + p.getFunc().getFuncId());
        }
        List<Expr> args = new ArrayList<>();
        for (io.cairn.proto.dag.Expr a : p.getFunc().getArgsList()) {
          args.add(fromProto(a, input));
        }
        try {
          yield builder.rebuild(id, args, type);
        } catch (RuntimeException e) {
          throw new CoprocessorException(
              CoprocessorException.Kind.BAD_REQUEST, "cannot rebuild " + id + ": " + e.getMessage(), e);
        }
      }
      case NODE_NOT_SET -> throw bad("expression without a node");
    };
  }

  public static Datum datum(Object v) {
    Datum.Builder d = Datum.newBuilder();
    if (v == null) {
      return d.build();
    }
    switch (v) {
      case Long l -> d.setIntVal(l);
      case Double x -> d.setDoubleVal(x);
      case BigDecimal x -> d.setDecimalVal(x.toPlainString());
      case String s -> d.setStringVal(s);
      case MysqlTime t -> d.setTimePacked(t.packed());
      case MysqlDuration x -> d.setDurationMicros(x.micros());
      default -> throw new IllegalArgumentException("no datum form for " + v.getClass().getName());
    }
    return d.build();
  }

  public static Object value(Datum d, FieldType type) {
    try {
      return switch (d.getValueCase()) {
        case VALUE_NOT_SET -> null;
        case INT_VAL -> d.getIntVal();
        case DOUBLE_VAL -> d.getDoubleVal();
        case DECIMAL_VAL -> new BigDecimal(d.getDecimalVal());
        case STRING_VAL -> d.getStringVal();
        case TIME_PACKED -> {
          io.cairn.codec.MysqlTime t = io.cairn.codec.MysqlTime.fromPackedUint(
              d.getTimePacked(), io.cairn.codec.MysqlTime.Type.DATETIME, 0);
          MysqlType mt = type.type() == MysqlType.DATE || type.type() == MysqlType.TIMESTAMP
              ? type.type() : MysqlType.DATETIME;
          yield new MysqlTime(t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(),
              t.microsecond(), mt, Math.max(0, type.fsp()));
        }
        case DURATION_MICROS -> new MysqlDuration(d.getDurationMicros(), Math.max(0, type.fsp()));
      };
    } catch (RuntimeException e) {
      throw new CoprocessorException(
          CoprocessorException.Kind.BAD_REQUEST, "bad constant " + d + ": " + e.getMessage(), e);
    }
  }

  private static CoprocessorException bad(String message) {
    return new CoprocessorException(CoprocessorException.Kind.BAD_REQUEST, message);
  }
}
