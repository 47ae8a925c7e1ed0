package io.cairn.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StatusServerTest {

  @Test
  void servesMetricsAndStatus() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("cairn_test_events").help("test events").register(registry).inc(3);
    try (StatusServer server =
            StatusServer.start("127.0.0.1", 0, registry, () -> "{\"component\":\"test\"}");
        HttpClient http = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> metrics =
          http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("cairn_test_events_total 3.0");
      HttpResponse<String> status =
          http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(status.body()).isEqualTo("{\"component\":\"test\"}");
      HttpResponse<String> other =
          http.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }
  }
}
