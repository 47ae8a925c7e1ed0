package io.cairn.tikv.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuCostModelTest {

  private static final double EPS = 1e-12;
  private final RuCostModel model = RuCostModel.DEFAULT;

  @Test
  void defaultsAreTidbs() {
    // 8 read requests, 2 read batches, 64 KiB read, 1 write request, 1 write batch, 1 KiB written, 3 ms CPU: 1 RU each.
    assertThat(8 * model.readBaseCost()).isCloseTo(1, within(EPS));
    assertThat(2 * model.readPerBatchBaseCost()).isCloseTo(1, within(EPS));
    assertThat(model.readSettlement(64 * 1024)).isCloseTo(1, within(EPS));
    assertThat(model.writeBaseCost()).isEqualTo(1);
    assertThat(model.writePerBatchBaseCost()).isEqualTo(1);
    assertThat(1024 * model.writeCostPerByte()).isCloseTo(1, within(EPS));
    assertThat(model.cpuCost(Duration.ofMillis(3))).isCloseTo(1, within(EPS));
    assertThat(model.avgBatchProportion()).isEqualTo(0.7);
    assertThat(model.writeReplicas()).isEqualTo(3);
  }

  @Test
  void readIsBaseBeforeAndBytesAfter() {
    assertThat(model.readPreCharge()).isCloseTo(0.125 + 0.5 * 0.7, within(EPS));
    assertThat(model.readSettlement(0)).isZero();
    assertThat(model.readSettlement(128 * 1024)).isCloseTo(2, within(EPS));
    assertThat(model.readPreCharge() + model.readSettlement(32 * 1024)).isCloseTo(0.475 + 0.5, within(EPS));
  }

  @Test
  void writeCostCountsPayloadAndReplicas() {
    assertThat(model.writePreCharge(0)).isCloseTo((1 + 0.7) * 3, within(EPS));
    assertThat(model.writePreCharge(2048)).isCloseTo((1 + 0.7 + 2) * 3, within(EPS));
    assertThat(model.withWriteReplicas(1).writePreCharge(2048)).isCloseTo(3.7, within(EPS));
    // A failed write keeps only its batch share.
    assertThat(model.writePreCharge(2048) - model.writeRefund(2048)).isCloseTo(0.7 * 3, within(EPS));
  }

  @Test
  void cpuCostIsLinearInTime() {
    assertThat(model.cpuCost(Duration.ZERO)).isZero();
    assertThat(model.cpuCost(Duration.ofMillis(300))).isCloseTo(100, within(1e-9));
    assertThat(model.cpuCost(Duration.ofNanos(1_500_000))).isCloseTo(0.5, within(EPS));
  }

  @Test
  void invalidSettingsAndSizesAreRefused() {
    assertThatThrownBy(() -> new RuCostModel(-1, 0.5, 0, 1, 1, 0, 0, 0.7, 3)).hasMessageContaining("readBaseCost");
    assertThatThrownBy(() -> new RuCostModel(0.1, 0.5, Double.NaN, 1, 1, 0, 0, 0.7, 3)).hasMessageContaining("readCostPerByte");
    assertThatThrownBy(() -> new RuCostModel(0.1, 0.5, 0, 1, 1, 0, Double.POSITIVE_INFINITY, 0.7, 3)).hasMessageContaining("cpuMsCost");
    assertThatThrownBy(() -> new RuCostModel(0.1, 0.5, 0, 1, 1, 0, 0, 1.5, 3)).hasMessageContaining("avgBatchProportion");
    assertThatThrownBy(() -> model.withWriteReplicas(0)).hasMessageContaining("writeReplicas");
    assertThatThrownBy(() -> model.readSettlement(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.writePreCharge(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.cpuCost(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
