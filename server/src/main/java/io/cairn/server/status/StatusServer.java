package io.cairn.server.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The status port of a Cairn process: {@code /metrics} in Prometheus text format from the
 * process's registry, and {@code /status} as a JSON document the process describes itself
 * with. Handlers run on one virtual thread per request, so a slow scrape never blocks the
 * accept loop.
 */
public final class StatusServer implements AutoCloseable {

  private final HttpServer http;
  private final ExecutorService executor;

  private StatusServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving.
   *
   * @param status called per {@code /status} request; returns a JSON object
   */
  public static StatusServer start(
      String host, int port, PrometheusRegistry registry, Supplier<String> status)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/metrics", new MetricsHandler(registry));
    http.createContext("/status", exchange -> respond(exchange, 200, "application/json", status.get()));
    http.createContext(
        "/", exchange -> respond(exchange, 404, "text/plain", "not found: try /status or /metrics\n"));
    http.start();
    return new StatusServer(http, executor);
  }

  private static void respond(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.close();
  }
}
