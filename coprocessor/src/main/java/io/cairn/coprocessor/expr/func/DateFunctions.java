package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.Constant;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.coprocessor.expr.value.Temporal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Date and time functions. NOW/CURDATE/UNIX_TIMESTAMP() read the statement's start instant from
 * the context, in the session time zone. DATE_ADD/DATE_SUB accept MySQL's interval units
 * (MICROSECOND … YEAR and the composite ones such as DAY_HOUR or YEAR_MONTH with a string amount
 * like '1 2:30'); adding months clamps the day to the month's end; a result outside years
 * 0001–9999 is NULL with warning 1441. Like MySQL, DATE_ADD of a string returns a string.
 */
final class DateFunctions {
  private DateFunctions() {}

  /** Interval units, with how their amount splits into fields. */
  enum Unit {
    MICROSECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR,
    SECOND_MICROSECOND, MINUTE_MICROSECOND, MINUTE_SECOND, HOUR_MICROSECOND, HOUR_SECOND, HOUR_MINUTE,
    DAY_MICROSECOND, DAY_SECOND, DAY_MINUTE, DAY_HOUR, YEAR_MONTH;

    boolean dateOnly() {
      return this == DAY || this == WEEK || this == MONTH || this == QUARTER || this == YEAR || this == YEAR_MONTH;
    }

    boolean hasMicros() {
      return name().endsWith("MICROSECOND");
    }
  }

  static void register(Map<FuncId, FunctionDef> m) {
    m.put(FuncId.NOW, new Def("now", 0, 1, a -> FieldType.datetime(fspArg(a)), (args, ret) -> (row, ctx) -> now(ctx, ret.fsp())));
    m.put(FuncId.CURDATE, new Def("curdate", 0, 0, a -> FieldType.date(), (args, ret) -> (row, ctx) -> {
      MysqlTime n = now(ctx, 0);
      return MysqlTime.date(n.year(), n.month(), n.day());
    }));
    m.put(FuncId.DATE, new Def("cast_as_date", 1, 1, a -> FieldType.date(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        Object v = x.eval(row, ctx);
        return v == null ? null : Temporal.toTime(v, x.type().isUnsigned(), MysqlType.DATE, 0, ctx);
      };
    }));
    m.put(FuncId.YEAR, datePart("year", MysqlTime::year));
    m.put(FuncId.MONTH, datePart("month", MysqlTime::month));
    m.put(FuncId.DAY, datePart("dayofmonth", MysqlTime::day));
    m.put(FuncId.HOUR, timePart("hour", MysqlDuration::hours));
    m.put(FuncId.MINUTE, timePart("minute", MysqlDuration::minutes));
    m.put(FuncId.SECOND, timePart("second", MysqlDuration::seconds));
    m.put(FuncId.DATE_ADD, new Def("date_add", 3, 3, DateFunctions::addType, (a, r) -> bindAdd(a, r, false)));
    m.put(FuncId.DATE_SUB, new Def("date_sub", 3, 3, DateFunctions::addType, (a, r) -> bindAdd(a, r, true)));
    m.put(FuncId.DATEDIFF, new Def("datediff", 2, 2, a -> FieldType.bigint(), (args, ret) -> (row, ctx) -> {
      MysqlTime x = dateArg(args.get(0), row, ctx);
      MysqlTime y = dateArg(args.get(1), row, ctx);
      if (x == null || y == null || x.hasZeroInDate() || y.hasZeroInDate()) {
        return null;
      }
      return ChronoUnit.DAYS.between(y.toLocalDateTime().toLocalDate(), x.toLocalDateTime().toLocalDate());
    }));
    m.put(FuncId.DATE_FORMAT, new Def("date_format", 2, 2, a -> FieldType.varchar(), (args, ret) -> (row, ctx) -> {
      MysqlTime t = dateArg(args.get(0), row, ctx, true);
      String f = Args.str(args.get(1), row, ctx);
      return t == null || f == null || f.isEmpty() ? null : format(t, f);
    }));
    m.put(FuncId.UNIX_TIMESTAMP, new Def("unix_timestamp", 0, 1, DateFunctions::unixType, (args, ret) -> {
      if (args.isEmpty()) {
        return (row, ctx) -> ctx.statementStart().getEpochSecond();
      }
      Expr x = args.get(0);
      return (row, ctx) -> {
        MysqlTime t = dateArg(x, row, ctx);
        if (t == null) {
          return null;
        }
        if (t.hasZeroInDate()) {
          return ret.evalType() == EvalType.INT ? 0L : BigDecimal.ZERO.setScale(ret.decimal());
        }
        Instant i = t.toLocalDateTime().atZone(ctx.timeZone()).toInstant();
        if (i.getEpochSecond() < 0 || i.getEpochSecond() > 32536771199L) {
          return ret.evalType() == EvalType.INT ? 0L : BigDecimal.ZERO.setScale(ret.decimal());
        }
        if (ret.evalType() == EvalType.INT) {
          return i.getEpochSecond();
        }
        return BigDecimal.valueOf(i.getEpochSecond()).add(BigDecimal.valueOf(t.micro(), 6))
            .setScale(ret.decimal(), RoundingMode.HALF_UP);
      };
    }));
    m.put(FuncId.FROM_UNIXTIME, new Def("from_unixtime", 1, 2, DateFunctions::fromUnixType, (args, ret) -> {
      Expr x = args.get(0);
      Expr fmt = args.size() > 1 ? args.get(1) : null;
      int fsp = ret.evalType() == EvalType.DATETIME ? ret.fsp() : Math.min(6, Math.max(0, ArithmeticFunctions.scale(x.type())));
      return (row, ctx) -> {
        BigDecimal secs = Args.decimal(x, row, ctx);
        if (secs == null || secs.signum() < 0 || secs.compareTo(BigDecimal.valueOf(32536771199L)) > 0) {
          return null;
        }
        long whole = secs.longValue();
        int micro = secs.subtract(BigDecimal.valueOf(whole)).movePointRight(6).setScale(0, RoundingMode.DOWN).intValue();
        LocalDateTime l = LocalDateTime.ofInstant(Instant.ofEpochSecond(whole, micro * 1000L), ctx.timeZone());
        MysqlTime t = MysqlTime.of(l, MysqlType.DATETIME, fsp);
        if (fmt == null) {
          return t;
        }
        String f = Args.str(fmt, row, ctx);
        return f == null ? null : format(t, f);
      };
    }));
  }

  private static int fspArg(List<Expr> args) {
    if (args.isEmpty()) {
      return 0;
    }
    if (args.get(0) instanceof Constant c && c.value() instanceof Long l && l >= 0 && l <= 6) {
      return l.intValue();
    }
    throw new EvalException(1426, "42000", "Too-big precision specified for 'now'. Maximum is 6.");
  }

  static MysqlTime now(EvalContext ctx, int fsp) {
    ZonedDateTime z = ctx.statementStart().atZone(ctx.timeZone());
    int micro = z.getNano() / 1000;
    int unit = (int) Math.pow(10, 6 - fsp);
    return MysqlTime.of(z.toLocalDateTime().withNano((micro / unit * unit) * 1000), MysqlType.DATETIME, fsp);
  }

  private static MysqlTime dateArg(Expr x, Row row, EvalContext ctx) {
    return dateArg(x, row, ctx, false);
  }

  private static MysqlTime dateArg(Expr x, Row row, EvalContext ctx, boolean fuzzy) {
    Object v = x.eval(row, ctx);
    if (v == null) {
      return null;
    }
    if (v instanceof MysqlTime t) {
      return t;
    }
    return Temporal.toTime(v, x.type().isUnsigned(), MysqlType.DATETIME, 6, ctx, fuzzy);
  }

  private static Def datePart(String name, ToLongFunction<MysqlTime> part) {
    return new Def(name, 1, 1, a -> FieldType.bigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        MysqlTime t = dateArg(x, row, ctx, true);
        return t == null ? null : part.applyAsLong(t);
      };
    });
  }

  private static Def timePart(String name, ToLongFunction<MysqlDuration> part) {
    return new Def(name, 1, 1, a -> FieldType.bigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        MysqlDuration d = Args.duration(x, row, ctx);
        return d == null ? null : part.applyAsLong(d);
      };
    });
  }

  static Unit unitOf(Expr e) {
    if (e instanceof Constant c && c.value() instanceof String s) {
      try {
        return Unit.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new EvalException(1064, "42000", "Unknown interval unit '" + s + "'");
      }
    }
    throw new IllegalArgumentException("DATE_ADD/DATE_SUB need the unit as a string constant");
  }

  private static FieldType addType(List<Expr> args) {
    FieldType t = args.get(0).type();
    Unit unit = unitOf(args.get(2));
    int amountScale = unit == Unit.SECOND ? Math.min(6, ArithmeticFunctions.scale(args.get(1).type())) : 0;
    int fsp = Math.max(t.fsp(), unit.hasMicros() ? 6 : amountScale);
    if (t.type() == MysqlType.DATE) {
      return unit.dateOnly() ? FieldType.date() : FieldType.datetime(fsp);
    }
    if (t.evalType() == EvalType.DATETIME) {
      return FieldType.datetime(fsp);
    }
    if (t.evalType() == EvalType.DURATION) {
      return FieldType.time(fsp);
    }
    return FieldType.varchar();
  }

  /** An interval as (months, micros), negated for DATE_SUB; null when the amount is NULL. */
  static long[] interval(Object amount, FieldType amountType, Unit unit, boolean negate, EvalContext ctx) {
    long months = 0;
    long micros = 0;
    switch (unit) {
      case MICROSECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR -> {
        long n = Convert.toLong(amount, amountType.isUnsigned(), false, ctx);
        switch (unit) {
          case MICROSECOND -> micros = n;
          case MINUTE -> micros = Math.multiplyExact(n, 60_000_000L);
          case HOUR -> micros = Math.multiplyExact(n, 3_600_000_000L);
          case DAY -> micros = Math.multiplyExact(n, 86_400_000_000L);
          case WEEK -> micros = Math.multiplyExact(n, 7 * 86_400_000_000L);
          case MONTH -> months = n;
          case QUARTER -> months = Math.multiplyExact(n, 3);
          default -> months = Math.multiplyExact(n, 12);
        }
      }
      case SECOND -> {
        BigDecimal s = Convert.toDecimal(amount, amountType.isUnsigned(), ctx);
        micros = s.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
      }
      default -> {
        String s = Convert.toStr(amount, amountType.isUnsigned()).strip();
        boolean neg = s.startsWith("-");
        long[] f = new long[6];
        String[] digitsOf = new String[6];
        int count = 0;
        int i = neg ? 1 : 0;
        while (i < s.length() && count < 6) {
          while (i < s.length() && !Character.isDigit(s.charAt(i))) {
            i++;
          }
          int st = i;
          while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
          }
          if (i > st) {
            digitsOf[count] = s.substring(st, i);
            f[count++] = Long.parseLong(s.substring(st, Math.min(i, st + 18)));
          }
        }
        String[] fields = switch (unit) {
          case SECOND_MICROSECOND -> new String[] {"s", "u"};
          case MINUTE_MICROSECOND -> new String[] {"m", "s", "u"};
          case MINUTE_SECOND -> new String[] {"m", "s"};
          case HOUR_MICROSECOND -> new String[] {"h", "m", "s", "u"};
          case HOUR_SECOND -> new String[] {"h", "m", "s"};
          case HOUR_MINUTE -> new String[] {"h", "m"};
          case DAY_MICROSECOND -> new String[] {"d", "h", "m", "s", "u"};
          case DAY_SECOND -> new String[] {"d", "h", "m", "s"};
          case DAY_MINUTE -> new String[] {"d", "h", "m"};
          case DAY_HOUR -> new String[] {"d", "h"};
          default -> new String[] {"y", "M"};
        };
        // MySQL right-aligns the given parts: '5' as DAY_HOUR means 5 hours.
        int offset = fields.length - count;
        for (int k = 0; k < count && k < fields.length; k++) {
          long v = f[k];
          switch (fields[k + Math.max(0, offset)]) {
            case "y" -> months += v * 12;
            case "M" -> months += v;
            case "d" -> micros += v * 86_400_000_000L;
            case "h" -> micros += v * 3_600_000_000L;
            case "m" -> micros += v * 60_000_000L;
            case "s" -> micros += v * 1_000_000L;
            // the microsecond part is a fraction: '1.5' SECOND_MICROSECOND is 1.500000 s
            default -> micros += Long.parseLong((digitsOf[k] + "000000").substring(0, 6));
          }
        }
        if (neg) {
          months = -months;
          micros = -micros;
        }
      }
    }
    return negate ? new long[] {-months, -micros} : new long[] {months, micros};
  }

  private static FunctionBody bindAdd(List<Expr> args, FieldType ret, boolean sub) {
    Expr x = args.get(0);
    Expr amountExpr = args.get(1);
    Unit unit = unitOf(args.get(2));
    String fn = "date_add_interval";
    return (row, ctx) -> {
      Object v = x.eval(row, ctx);
      Object amount = amountExpr.eval(row, ctx);
      if (v == null || amount == null) {
        return null;
      }
      long[] iv = interval(amount, amountExpr.type(), unit, sub, ctx);
      if (ret.evalType() == EvalType.DURATION) {
        MysqlDuration d = Args.duration(x, row, ctx);
        long r = d.micros() + iv[1] + iv[0] * 31L * 86_400_000_000L;
        if (iv[0] != 0 || Math.abs(r) > MysqlDuration.MAX_MICROS) {
          ctx.warn(1441, "Datetime function: " + fn + " field overflow");
          return null;
        }
        return new MysqlDuration(r, ret.fsp());
      }
      MysqlTime t = v instanceof MysqlTime mt ? mt : Temporal.toTime(v, x.type().isUnsigned(), MysqlType.DATETIME, 6, ctx);
      if (t == null) {
        return null;
      }
      if (t.hasZeroInDate() || !t.isCalendarValid()) {
        ctx.truncated("Incorrect datetime value: '" + Convert.toStr(v, false) + "'");
        return null;
      }
      LocalDateTime l = t.toLocalDateTime();
      try {
        if (iv[0] != 0) {
          l = l.plusMonths(iv[0]);
        }
        l = l.plus(iv[1], ChronoUnit.MICROS);
      } catch (DateTimeException | ArithmeticException e) {
        ctx.warn(1441, "Datetime function: " + fn + " field overflow");
        return null;
      }
      if (l.getYear() < 1 || l.getYear() > 9999) {
        ctx.warn(1441, "Datetime function: " + fn + " field overflow");
        return null;
      }
      if (ret.evalType() == EvalType.STRING) {
        boolean dateOnly = unit.dateOnly() && !(v instanceof String s && s.strip().length() > 10);
        MysqlTime r = MysqlTime.of(l, dateOnly ? MysqlType.DATE : MysqlType.DATETIME, l.getNano() == 0 ? 0 : 6);
        return r.toString();
      }
      return MysqlTime.of(l, ret.type(), ret.fsp());
    };
  }

  private static FieldType unixType(List<Expr> args) {
    if (args.isEmpty()) {
      return FieldType.bigint();
    }
    int fsp = args.get(0).type().fsp();
    return fsp == 0 ? FieldType.bigint() : FieldType.decimal(12 + fsp, fsp);
  }

  private static FieldType fromUnixType(List<Expr> args) {
    if (args.size() == 2) {
      return FieldType.varchar();
    }
    int scale = ArithmeticFunctions.kind(args.get(0).type()) == ArithmeticFunctions.Kind.DECIMAL
        ? Math.min(6, ArithmeticFunctions.scale(args.get(0).type())) : args.get(0).type().evalType() == EvalType.INT ? 0 : 6;
    return FieldType.datetime(scale);
  }

  private static final String[] MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"
  };
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

  /** MySQL's DATE_FORMAT; an unknown specifier prints its letter, an empty format gives NULL. */
  static String format(MysqlTime t, String f) {
    StringBuilder sb = new StringBuilder();
    boolean calendar = t.isCalendarValid();
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c != '%' || i + 1 == f.length()) {
        sb.append(c);
        continue;
      }
      char s = f.charAt(++i);
      switch (s) {
        case 'Y' -> pad(sb, t.year(), 4);
        case 'y' -> pad(sb, t.year() % 100, 2);
        case 'm' -> pad(sb, t.month(), 2);
        case 'c' -> sb.append(t.month());
        case 'M' -> {
          if (t.month() == 0) {
            return null;
          }
          sb.append(MONTHS[t.month() - 1]);
        }
        case 'b' -> {
          if (t.month() == 0) {
            return null;
          }
          sb.append(MONTHS[t.month() - 1], 0, 3);
        }
        case 'd' -> pad(sb, t.day(), 2);
        case 'e' -> sb.append(t.day());
        case 'D' -> sb.append(t.day()).append(suffix(t.day()));
        case 'H' -> pad(sb, t.hour(), 2);
        case 'k' -> sb.append(t.hour());
        case 'h', 'I' -> pad(sb, (t.hour() + 11) % 12 + 1, 2);
        case 'l' -> sb.append((t.hour() + 11) % 12 + 1);
        case 'i' -> pad(sb, t.minute(), 2);
        case 's', 'S' -> pad(sb, t.second(), 2);
        case 'f' -> pad(sb, t.micro(), 6);
        case 'p' -> sb.append(t.hour() < 12 ? "AM" : "PM");
        case 'r' -> {
          pad(sb, (t.hour() + 11) % 12 + 1, 2).append(':');
          pad(sb, t.minute(), 2).append(':');
          pad(sb, t.second(), 2).append(t.hour() < 12 ? " AM" : " PM");
        }
        case 'T' -> {
          pad(sb, t.hour(), 2).append(':');
          pad(sb, t.minute(), 2).append(':');
          pad(sb, t.second(), 2);
        }
        case 'U', 'u', 'V', 'v', 'X', 'x' -> {
          if (!calendar) {
            return null;
          }
          int[] yearOut = new int[1];
          switch (s) {
            case 'U' -> pad(sb, week(t, WEEK_FIRST_WEEKDAY, yearOut), 2);
            case 'u' -> pad(sb, week(t, WEEK_MONDAY_FIRST, yearOut), 2);
            case 'V' -> pad(sb, week(t, WEEK_YEAR | WEEK_FIRST_WEEKDAY, yearOut), 2);
            case 'v' -> pad(sb, week(t, WEEK_YEAR | WEEK_MONDAY_FIRST, yearOut), 2);
            case 'X' -> {
              week(t, WEEK_YEAR | WEEK_FIRST_WEEKDAY, yearOut);
              pad(sb, yearOut[0], 4);
            }
            default -> {
              week(t, WEEK_YEAR | WEEK_MONDAY_FIRST, yearOut);
              pad(sb, yearOut[0], 4);
            }
          }
        }
        case 'W', 'a', 'w', 'j' -> {
          if (!calendar) {
            return null;
          }
          LocalDateTime l = t.toLocalDateTime();
          int dow = l.getDayOfWeek().getValue();
          switch (s) {
            case 'W' -> sb.append(DAYS[dow - 1]);
            case 'a' -> sb.append(DAYS[dow - 1], 0, 3);
            case 'w' -> sb.append(dow % 7);
            default -> pad(sb, l.getDayOfYear(), 3);
          }
        }
        default -> sb.append(s);
      }
    }
    return sb.toString();
  }

  private static final int WEEK_MONDAY_FIRST = 1;
  private static final int WEEK_YEAR = 2;
  private static final int WEEK_FIRST_WEEKDAY = 4;

  /** MySQL's day number (days since year 0) of a calendar date. */
  private static long dayNumber(int y, int m, int d) {
    return LocalDate.of(y, m, d).toEpochDay() + 719528L;
  }

  private static int daysInYear(int y) {
    return Year.isLeap(y) ? 366 : 365;
  }

  /**
   * MySQL's calc_week: the week number of a date under a week behaviour (Monday first, week of the
   * year the week mostly lies in, first week starts on the first weekday); {@code yearOut[0]}
   * receives the year the week belongs to.
   */
  static int week(MysqlTime t, int behaviour, int[] yearOut) {
    long daynr = dayNumber(t.year(), t.month(), t.day());
    long firstDaynr = dayNumber(t.year(), 1, 1);
    boolean mondayFirst = (behaviour & WEEK_MONDAY_FIRST) != 0;
    boolean weekYear = (behaviour & WEEK_YEAR) != 0;
    boolean firstWeekday = (behaviour & WEEK_FIRST_WEEKDAY) != 0;
    int weekday = (int) ((firstDaynr + 5 + (mondayFirst ? 0 : 1)) % 7);
    int year = t.year();
    long days;
    if (t.month() == 1 && t.day() <= 7 - weekday) {
      if (!weekYear && ((firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4))) {
        yearOut[0] = year;
        return 0;
      }
      weekYear = true;
      year--;
      days = daysInYear(year);
      firstDaynr -= days;
      weekday = (int) ((weekday + 53 * 7 - days) % 7);
    }
    if ((firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4)) {
      days = daynr - (firstDaynr + (7 - weekday));
    } else {
      days = daynr - (firstDaynr - weekday);
    }
    if (weekYear && days >= 52 * 7) {
      weekday = (weekday + daysInYear(year)) % 7;
      if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday == 0)) {
        yearOut[0] = year + 1;
        return 1;
      }
    }
    yearOut[0] = year;
    return (int) (days / 7 + 1);
  }

  private static String suffix(int d) {
    if (d >= 11 && d <= 13) {
      return "th";
    }
    return switch (d % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }

  private static StringBuilder pad(StringBuilder sb, long v, int w) {
    String s = Long.toString(v);
    for (int i = s.length(); i < w; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
