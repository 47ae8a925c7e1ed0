package io.cairn.tikv.testing;

import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.txn.TikvStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-only in-process cluster for the transaction layer: a {@link FakeTxnPd} and two
 * {@link FakeTxnNode}s over one in-memory engine with the real MVCC core, and four regions
 * alternating between the stores: {@code ["", "acct/5")}, {@code ["acct/5", "big/00050000")},
 * {@code ["big/00050000", "p")}, {@code ["p", "")}. Close it after the storages it opened.
 */
public final class TxnCluster implements AutoCloseable {

  public static final List<String> SPLITS = List.of("acct/5", "big/00050000", "p");

  private final InProcess net = new InProcess();
  private final String prefix;
  private final MemoryEngine engine = new MemoryEngine();
  public final TxnStoreAdapter store = new TxnStoreAdapter(engine);
  public final RegionTable regions;
  public final List<FakeTxnNode> nodes = new ArrayList<>();
  public final FakeTxnPd pd;

  public TxnCluster(String prefix) {
    this.prefix = prefix + "-" + System.nanoTime();
    List<Region> rs = new ArrayList<>();
    List<String> bounds = new ArrayList<>();
    bounds.add("");
    bounds.addAll(SPLITS);
    bounds.add("");
    for (int i = 0; i + 1 < bounds.size(); i++) {
      rs.add(Regions.encodedRegion(i + 1, bounds.get(i), bounds.get(i + 1), 1, 1, storeOf(i + 1)));
    }
    regions = new RegionTable(rs);
    List<Store> stores = List.of(
        Regions.store(1, address(1), Map.of()), Regions.store(2, address(2), Map.of()));
    pd = new FakeTxnPd(pdUrl(), 7, regions, stores);
    net.start(pdUrl(), pd);
    for (long s = 1; s <= 2; s++) {
      FakeTxnNode node = new FakeTxnNode(s, regions, store);
      nodes.add(node);
      net.start(address(s), node);
    }
  }

  /** Regions alternate between store 1 and store 2. */
  public static long storeOf(long regionId) {
    return regionId % 2 == 1 ? 1 : 2;
  }

  public String address(long storeId) {
    return prefix + "-store-" + storeId;
  }

  public String pdUrl() {
    return prefix + "-pd";
  }

  public static TikvClientConfig clientConfig() {
    return TikvClientConfig.defaults()
        .withPdTimeout(Duration.ofSeconds(15))
        .withRpcTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(40));
  }

  public TikvStorage open(TxnConfig config) {
    return TikvStorage.open("unistore-test://" + prefix, List.of(pdUrl()), clientConfig(), config, InProcess.channels());
  }

  public TikvStorage open() {
    return open(TxnConfig.defaults());
  }

  @Override
  public void close() {
    net.close();
    engine.close();
  }
}
