package io.cairn.pd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of one PD member. Immutable; start from {@link #defaults()} and change fields
 * with the {@code with*} methods.
 *
 * @param dataDir where metadata is persisted; {@code null} keeps it in memory (unistore)
 * @param name the member name reported by GetMembers
 * @param host the address the client port binds to
 * @param clientPort the gRPC port; 0 picks a free one
 * @param advertiseClientUrl the URL clients are told to use ({@code http://host:port});
 *     {@code null} derives it from host and the bound port
 * @param maxReplicas replicas wanted per region (effectively at most the number of up stores)
 * @param storeDisconnectTime silence after which a store is disconnected (no action taken)
 * @param storeDownTime silence after which a store is down and its peers are replaced
 * @param operatorTimeout how long a scheduling command may stay unfinished before PD drops it
 * @param leaderBalanceThreshold leader-count difference between two stores tolerated before
 *     leaders move
 * @param tsoSaveWindow how far ahead of the clock the TSO persists its upper bound
 * @param idBatch how many ids the allocator reserves per disk write
 * @param maxMessageBytes largest inbound gRPC message
 * @param shutdownGrace how long graceful shutdown waits for in-flight calls
 * @param schedule region balance and its limits, and the labels placement isolates replicas by
 */
public record PdConfig(
    Path dataDir,
    String name,
    String host,
    int clientPort,
    String advertiseClientUrl,
    int maxReplicas,
    Duration storeDisconnectTime,
    Duration storeDownTime,
    Duration operatorTimeout,
    int leaderBalanceThreshold,
    Duration tsoSaveWindow,
    int idBatch,
    int maxMessageBytes,
    Duration shutdownGrace,
    ScheduleConfig schedule) {

  public PdConfig {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    if (clientPort < 0 || clientPort > 65535) {
      throw new IllegalArgumentException("client port out of range: " + clientPort);
    }
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("max-replicas must be >= 1: " + maxReplicas);
    }
    if (storeDownTime.compareTo(storeDisconnectTime) < 0) {
      throw new IllegalArgumentException("store down time " + storeDownTime
          + " is shorter than the disconnect time " + storeDisconnectTime);
    }
    if (leaderBalanceThreshold < 1 || idBatch < 1 || maxMessageBytes < 1024) {
      throw new IllegalArgumentException("leaderBalanceThreshold and idBatch must be >= 1, "
          + "maxMessageBytes >= 1024");
    }
  }

  /** In-memory metadata, loopback, a free port, PD's defaults otherwise. */
  public static PdConfig defaults() {
    return new PdConfig(null, "pd", "127.0.0.1", 0, null, 3, Duration.ofSeconds(20),
        Duration.ofMinutes(30), Duration.ofMinutes(10), 2, Duration.ofSeconds(3), 1000,
        16 << 20, Duration.ofSeconds(10), ScheduleConfig.defaults());
  }

  public PdConfig withDataDir(Path dir) {
    return new PdConfig(dir, name, host, clientPort, advertiseClientUrl, maxReplicas,
        storeDisconnectTime, storeDownTime, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, schedule);
  }

  public PdConfig withListen(String newHost, int port) {
    return new PdConfig(dataDir, name, newHost, port, advertiseClientUrl, maxReplicas,
        storeDisconnectTime, storeDownTime, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, schedule);
  }

  public PdConfig withAdvertiseClientUrl(String url) {
    return new PdConfig(dataDir, name, host, clientPort, url, maxReplicas,
        storeDisconnectTime, storeDownTime, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, schedule);
  }

  public PdConfig withMaxReplicas(int n) {
    return new PdConfig(dataDir, name, host, clientPort, advertiseClientUrl, n,
        storeDisconnectTime, storeDownTime, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, schedule);
  }

  public PdConfig withStoreTimes(Duration disconnect, Duration down) {
    return new PdConfig(dataDir, name, host, clientPort, advertiseClientUrl, maxReplicas,
        disconnect, down, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, schedule);
  }

  /**
   * PD's {@code max-store-down-time}: silence after which a store is down and its peers are
   * replaced elsewhere. The disconnect time shrinks to it when it is longer.
   */
  public PdConfig withMaxStoreDownTime(Duration down) {
    return withStoreTimes(
        storeDisconnectTime.compareTo(down) > 0 ? down : storeDisconnectTime, down);
  }

  public PdConfig withLeaderBalanceThreshold(int threshold) {
    return new PdConfig(dataDir, name, host, clientPort, advertiseClientUrl, maxReplicas,
        storeDisconnectTime, storeDownTime, operatorTimeout, threshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, schedule);
  }

  public PdConfig withShutdownGrace(Duration grace) {
    return new PdConfig(dataDir, name, host, clientPort, advertiseClientUrl, maxReplicas,
        storeDisconnectTime, storeDownTime, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, grace, schedule);
  }

  public PdConfig withSchedule(ScheduleConfig newSchedule) {
    return new PdConfig(dataDir, name, host, clientPort, advertiseClientUrl, maxReplicas,
        storeDisconnectTime, storeDownTime, operatorTimeout, leaderBalanceThreshold,
        tsoSaveWindow, idBatch, maxMessageBytes, shutdownGrace, newSchedule);
  }
}
