package io.cairn.storage.pd;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node reaches PD.
 *
 * @param endpoints the configured PD members ({@code host:port}, {@code http://host:port} or
 *     {@code inprocess://name}); tried in order during leader discovery, followed by the
 *     members PD itself reported
 * @param requestTimeout deadline of every unary PD call, also of each GetMembers probe
 */
public record PdClientConfig(List<String> endpoints, Duration requestTimeout) {

  public PdClientConfig {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one PD endpoint is needed");
    }
    for (String e : endpoints) {
      if (e == null || e.isBlank()) {
        throw new IllegalArgumentException("blank PD endpoint in " + endpoints);
      }
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
    }
  }

  /** The endpoints with a 10 s request timeout (a loaded machine misses shorter ones). */
  public static PdClientConfig of(List<String> endpoints) {
    return new PdClientConfig(endpoints, Duration.ofSeconds(10));
  }

  /** Parses {@code --pd h1:p1,h2:p2}. */
  public static PdClientConfig parse(String commaSeparated) {
    return of(List.of(commaSeparated.split(",", -1)).stream().map(String::trim).toList());
  }

  public PdClientConfig withRequestTimeout(Duration timeout) {
    return new PdClientConfig(endpoints, timeout);
  }
}
