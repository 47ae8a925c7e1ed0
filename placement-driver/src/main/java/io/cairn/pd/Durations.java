package io.cairn.pd;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as PD's operators write them ({@code max-store-down-time = "30m"}): one or more
 * whole numbers with units {@code h}, {@code m}, {@code s}, {@code ms}, as in {@code 1h30m},
 * {@code 90s}, {@code 500ms}; or ISO-8601 ({@code PT30M}).
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private Durations() {}

  /** @throws IllegalArgumentException for anything else, or a zero duration */
  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    if (s.startsWith("pt")) {
      try {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: '" + text + "'", e);
      }
    } else {
      Matcher m = PART.matcher(s);
      d = Duration.ZERO;
      int at = 0;
      while (at < s.length() && m.find(at) && m.start() == at) {
        long n = Long.parseLong(m.group(1));
        d = d.plus(switch (m.group(2)) {
          case "h" -> Duration.ofHours(n);
          case "m" -> Duration.ofMinutes(n);
          case "s" -> Duration.ofSeconds(n);
          default -> Duration.ofMillis(n);
        });
        at = m.end();
      }
      if (s.isEmpty() || at != s.length()) {
        throw new IllegalArgumentException("not a duration: '" + text
            + "' (write e.g. 30m, 1h30m, 90s, 500ms)");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("duration must be positive: '" + text + "'");
    }
    return d;
  }
}
