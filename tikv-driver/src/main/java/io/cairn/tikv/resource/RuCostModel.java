package io.cairn.tikv.resource;

import java.time.Duration;

/**
 * What a request costs in request units (RU), TiDB's one measure of the CPU and I/O a request
 * uses. A request is charged in two steps, as client-go does: a pre-charge before it is sent
 * (what is known then: a read's base cost; a write's base cost and its payload) and a
 * settlement after the answer (a read's response bytes). A failed write is refunded all but its
 * batch share. Reads are counted as read RU (RRU), writes as write RU (WRU); CPU reported by the
 * SQL layer is counted as RRU, as client-go does for the CPU a store reports.
 *
 * <p>The defaults are TiDB's ({@code pd/client/resource_group/controller/config.go} and the
 * "What is Request Unit" table of TiDB's resource-control docs):
 *
 * <ul>
 *   <li>read: 8 storage read requests = 1 RU ({@code readBaseCost} 1/8), 2 storage read batches
 *       = 1 RU ({@code readPerBatchBaseCost} 1/2), 64 KiB read payload = 1 RU ({@code
 *       readCostPerByte} 1/65536);
 *   <li>write: 1 storage write request = 1 RU ({@code writeBaseCost} 1), 1 storage write batch =
 *       1 RU ({@code writePerBatchBaseCost} 1), 1 KiB written = 1 RU ({@code writeCostPerByte}
 *       1/1024), all multiplied by the number of replicas the write reaches;
 *   <li>CPU: 3 ms = 1 RU ({@code cpuMsCost} 1/3);
 *   <li>a request is assumed to be 0.7 of a batch ({@code avgBatchProportion}, client-go's
 *       {@code defaultAvgBatchProportion}): the driver does not know how the store batches it.
 * </ul>
 *
 * @param writeReplicas how many replicas a write reaches; the interceptor does not see the
 *     region's peers, so this is the cluster's replication factor (PD's {@code max-replicas},
 *     3 by default; 1 for a single-node {@code unistore://})
 */
public record RuCostModel(
    double readBaseCost,
    double readPerBatchBaseCost,
    double readCostPerByte,
    double writeBaseCost,
    double writePerBatchBaseCost,
    double writeCostPerByte,
    double cpuMsCost,
    double avgBatchProportion,
    int writeReplicas) {

  public static final RuCostModel DEFAULT =
      new RuCostModel(1.0 / 8, 1.0 / 2, 1.0 / (64 * 1024), 1, 1, 1.0 / 1024, 1.0 / 3, 0.7, 3);

  public RuCostModel {
    requireCost("readBaseCost", readBaseCost);
    requireCost("readPerBatchBaseCost", readPerBatchBaseCost);
    requireCost("readCostPerByte", readCostPerByte);
    requireCost("writeBaseCost", writeBaseCost);
    requireCost("writePerBatchBaseCost", writePerBatchBaseCost);
    requireCost("writeCostPerByte", writeCostPerByte);
    requireCost("cpuMsCost", cpuMsCost);
    if (!(avgBatchProportion >= 0 && avgBatchProportion <= 1)) {
      throw new IllegalArgumentException("avgBatchProportion must be within [0, 1]: " + avgBatchProportion);
    }
    if (writeReplicas < 1) {
      throw new IllegalArgumentException("writeReplicas must be at least 1: " + writeReplicas);
    }
  }

  private static void requireCost(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite cost >= 0: " + value);
    }
  }

  public RuCostModel withWriteReplicas(int replicas) {
    return new RuCostModel(readBaseCost, readPerBatchBaseCost, readCostPerByte, writeBaseCost,
        writePerBatchBaseCost, writeCostPerByte, cpuMsCost, avgBatchProportion, replicas);
  }

  /** RRU charged before a read is sent: its bytes are not known yet. */
  public double readPreCharge() {
    return readBaseCost + readPerBatchBaseCost * avgBatchProportion;
  }

  /** RRU charged after a read answered with {@code readBytes} of payload. */
  public double readSettlement(long readBytes) {
    requireBytes(readBytes);
    return readCostPerByte * readBytes;
  }

  /** WRU charged before a write of {@code writeBytes} of payload is sent. */
  public double writePreCharge(long writeBytes) {
    requireBytes(writeBytes);
    return (writeBaseCost + writePerBatchBaseCost * avgBatchProportion + writeCostPerByte * writeBytes) * writeReplicas;
  }

  /**
   * WRU given back when a write failed in transport: the store may have done nothing, but the
   * batch share is kept, as client-go does, so a group cannot retry for free.
   */
  public double writeRefund(long writeBytes) {
    requireBytes(writeBytes);
    return (writeBaseCost + writeCostPerByte * writeBytes) * writeReplicas;
  }

  /** RU for {@code cpu} of CPU time. */
  public double cpuCost(Duration cpu) {
    if (cpu.isNegative()) {
      throw new IllegalArgumentException("negative CPU time: " + cpu);
    }
    return cpuMsCost * (cpu.toNanos() / 1_000_000.0);
  }

  private static void requireBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative byte count: " + bytes);
    }
  }
}
