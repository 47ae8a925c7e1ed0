package io.cairn.kv;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Picks the {@link Driver} for a storage URL by its scheme ({@code unistore://},
 * {@code embedded://}, {@code tikv://pd1:2379,pd2:2379}). Immutable and thread-safe; the
 * application builds one at startup, usually with {@link #load(ClassLoader)}.
 */
public final class DriverRegistry {

  private final Map<String, Driver> drivers;

  /** @throws IllegalStateException if two drivers claim the same scheme */
  public DriverRegistry(Iterable<? extends Driver> drivers) {
    Map<String, Driver> byScheme = new TreeMap<>();
    for (Driver d : drivers) {
      String scheme = d.scheme().toLowerCase(Locale.ROOT);
      Driver previous = byScheme.putIfAbsent(scheme, d);
      if (previous != null) {
        throw new IllegalStateException(
            "two drivers for scheme " + scheme + ": " + previous.getClass().getName() + " and " + d.getClass().getName());
      }
    }
    this.drivers = Collections.unmodifiableMap(byScheme);
  }

  /** The drivers listed in {@code META-INF/services/io.cairn.kv.Driver} on {@code loader}. */
  public static DriverRegistry load(ClassLoader loader) {
    return new DriverRegistry(ServiceLoader.load(Driver.class, loader));
  }

  /** The registered schemes, sorted. */
  public Set<String> schemes() {
    return drivers.keySet();
  }

  public Optional<Driver> driver(String scheme) {
    return Optional.ofNullable(drivers.get(scheme.toLowerCase(Locale.ROOT)));
  }

  /**
   * Opens the storage at {@code url} with the driver of its scheme.
   *
   * @throws IllegalArgumentException if the URL has no {@code scheme://} prefix or no driver
   *     serves its scheme
   */
  public Storage open(String url) {
    return driverFor(url).open(url);
  }

  /** The driver that would open {@code url}. */
  public Driver driverFor(String url) {
    int sep = url.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("storage URL has no scheme (like unistore://): " + url);
    }
    String scheme = url.substring(0, sep);
    return driver(scheme)
        .orElseThrow(() -> new IllegalArgumentException(
            "no storage driver for scheme " + scheme + " (known: " + drivers.keySet() + ") in " + url));
  }
}
