package io.cairn.tikv.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A storage URL split into scheme, path and options: {@code scheme://path[?k=v[&k=v...]]}.
 * Option values are URL-decoded; a key given twice, an option without {@code =} or with an
 * empty value is refused. Immutable.
 *
 * @param scheme lower case
 * @param path everything between {@code ://} and {@code ?}, possibly empty
 * @param options sorted by key
 */
record StorageUrl(String scheme, String path, Map<String, String> options) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  StorageUrl {
    options = Collections.unmodifiableMap(new TreeMap<>(options));
  }

  /**
   * Parses {@code url}, which must have scheme {@code expectedScheme}, and checks that every
   * option is one of {@code allowed}.
   *
   * @throws IllegalArgumentException when the URL is malformed, of another scheme, or carries
   *     an unknown option
   */
  static StorageUrl parse(String url, String expectedScheme, Set<String> allowed) {
    int sep = url.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("storage URL has no scheme: " + url);
    }
    String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals(expectedScheme)) {
      throw new IllegalArgumentException("not a " + expectedScheme + ":// URL: " + url);
    }
    String rest = url.substring(sep + 3);
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    Map<String, String> options = new TreeMap<>();
    if (q >= 0 && q + 1 < rest.length()) {
      for (String part : rest.substring(q + 1).split("&", -1)) {
        int eq = part.indexOf('=');
        if (eq <= 0 || eq == part.length() - 1) {
          throw new IllegalArgumentException("option must be key=value: '" + part + "' in " + url);
        }
        String key = URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8);
        String value = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        if (!allowed.contains(key)) {
          throw new IllegalArgumentException("unknown option '" + key + "' in " + url
              + (allowed.isEmpty() ? " (" + scheme + ":// takes none)"
                  : " (known: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
        }
        if (options.putIfAbsent(key, value) != null) {
          throw new IllegalArgumentException("option '" + key + "' given twice in " + url);
        }
      }
    }
    return new StorageUrl(scheme, path, options);
  }

  /** {@code scheme://path?options}, with the options sorted: the store cache's key. */
  String normalized() {
    StringBuilder b = new StringBuilder(scheme).append("://").append(path);
    String sep = "?";
    for (Map.Entry<String, String> e : options.entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = "&";
    }
    return b.toString();
  }

  StorageUrl withPath(String newPath) {
    return new StorageUrl(scheme, newPath, options);
  }

  /** Option {@code key} as an int in {@code [min, max]}, or {@code dflt} when absent. */
  int intOption(String key, int dflt, int min, int max) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a number: " + v, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("option " + key + " must be in [" + min + ", " + max
          + "]: " + v);
    }
    return n;
  }

  /** Option {@code key} as a duration ({@code 500ms}, {@code 3s}, {@code 10m}), or null. */
  Duration durationOption(String key) {
    String v = options.get(key);
    if (v == null) {
      return null;
    }
    Matcher m = DURATION.matcher(v);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("option " + key
          + " must be a positive duration like 500ms, 3s or 10m: " + v);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
