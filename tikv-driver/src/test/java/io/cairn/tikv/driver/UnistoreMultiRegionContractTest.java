package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.tikv.pd.PdRegion;
import io.cairn.tikv.region.RegionKeys;
import io.cairn.tikv.retry.Backoffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kv-interface contract suite against a pre-split {@code unistore://} of three stores and
 * 32 regions ({@link MultiRegionUnistore}: cut evenly and between the keys the suite writes),
 * so its transactions, batch reads and scans cross regions. After each suite test that writes
 * keys of several regions in one transaction, the test checks that the prewrite really went to
 * two regions or more. The two long tests run in {@link UnistoreMultiRegionContractSlowTest}.
 */
@ExtendWith(ContractSplit.Fast.class)
class UnistoreMultiRegionContractTest extends AbstractStorageContractTest {

  private MultiRegionUnistore unistore;

  @Override
  protected Storage openStorage() {
    unistore = new MultiRegionUnistore();
    return unistore.storage();
  }

  @AfterEach
  void transactionsCrossedRegions(TestInfo info) {
    unistore.checkAfter(info.getTestMethod().orElseThrow().getName());
  }

  @Test
  void pdKnowsEveryPreSplitRegionAtOpen() {
    List<PdRegion> regions = unistore.driverStorage().routing().pd()
        .scanRegions(new byte[0], new byte[0], 1000);
    assertThat(regions).hasSize(MultiRegionUnistore.REGIONS);
    List<String> starts = regions.stream()
        .map(r -> HexFormat.of().formatHex(r.meta().getStartKey().toByteArray())).toList();
    assertThat(starts).startsWith("", "01", "10", "20", "30", "40", "50", "60", "61", "6100",
        "6162", "616363742f35", "62", "6269672f3030303530303030", "63", "636f", "6f", "70",
        "78", "79", "7f", "80", "90");
    assertThat(starts).endsWith("f0", "fe", "ff", "ffff");
  }

  @Test
  void theSuitesKeysLieInDifferentRegions() {
    List<byte[]> keys = List.of("a", "b", "c", "x", "acct/0", "acct/9", "counter", "other")
        .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    List<RegionKeys> groups = unistore.driverStorage().routing().regionCache()
        .groupKeysByRegion(keys, Backoffer.withBudget(20_000));
    assertThat(groups).hasSize(keys.size());
  }
}
