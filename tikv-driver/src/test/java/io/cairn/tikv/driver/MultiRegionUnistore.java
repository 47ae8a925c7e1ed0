package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.Storage;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.txn.TikvStorage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pre-split {@code unistore://} for the contract suite, with a record of the regions each
 * transaction's prewrite was sent to, so a test can show that the suite's transactions really
 * cross regions.
 *
 * <p>The cuts: {@code regions=16} (one-byte keys {@code 10 .. f0}) and, through
 * {@code split-keys}, the keys the suite writes: between its one-letter keys {@code a},
 * {@code b}, {@code c}, {@code x} (and {@code counter}, {@code other}), inside its account range
 * ({@code acct/5}), inside its 100k-key range ({@code big/00050000}), and between the hex keys
 * of its iterator and model tests ({@code 00 01 61 6100 6162 62 7f 80 fe ff ffff}).
 */
final class MultiRegionUnistore {

  static final String SPLIT_KEYS = String.join(",",
      "01", "61", "6100", "6162", "616363742f35", "62", "6269672f3030303530303030", "63",
      "636f", "6f", "78", "79", "7f", "80", "fe", "ff", "ffff");
  static final String URL = "unistore://?stores=3&regions=16&split-keys=" + SPLIT_KEYS;
  /** 15 even cuts and 17 suite cuts, {@code 80} in both: 31 cuts. */
  static final int REGIONS = 32;

  /** Suite tests with a transaction whose keys lie in several of these regions. */
  static final Set<String> MULTI_REGION_TESTS = Set.of("ownWritesMergeOverCommittedData",
      "noNonRepeatableReads",
      "iteratorBoundariesForwardAndReverse", "mergedScansMatchAModel", "largeTransaction",
      "concurrentTransfersConserveMoney");

  private final Map<Long, Set<Long>> prewriteRegions = new ConcurrentHashMap<>();
  private final Storage storage;
  private final TikvStorage driverStorage;

  /** Opens {@link #URL} on a private store cache and starts recording. */
  MultiRegionUnistore() {
    storage = new UnistoreDriver(new StoreCache()).open(URL);
    driverStorage = (TikvStorage) ((SharedStorage) storage).delegate();
    driverStorage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Q extends Message, R extends Message> R intercept(RpcCall<Q, R> call,
          Invocation<Q, R> next) {
        if (call.kind() == RpcKind.KV_PREWRITE) {
          long startTs = ((PrewriteRequest) call.request()).getStartVersion();
          prewriteRegions.computeIfAbsent(startTs, t -> ConcurrentHashMap.newKeySet())
              .add(call.regionId());
        }
        return next.proceed(call);
      }
    });
  }

  /** The storage; the test closes it. */
  Storage storage() {
    return storage;
  }

  TikvStorage driverStorage() {
    return driverStorage;
  }

  /** The most regions one transaction's prewrite was sent to. */
  int widestTransaction() {
    return prewriteRegions.values().stream().mapToInt(Set::size).max().orElse(0);
  }

  /**
   * After test {@code method}: when it is one of {@link #MULTI_REGION_TESTS}, one of its
   * transactions prewrote in two regions or more.
   */
  void checkAfter(String method) {
    if (MULTI_REGION_TESTS.contains(method)) {
      assertThat(widestTransaction())
          .as("%s: the most regions one transaction prewrote in", method)
          .isGreaterThanOrEqualTo(2);
    }
  }
}
