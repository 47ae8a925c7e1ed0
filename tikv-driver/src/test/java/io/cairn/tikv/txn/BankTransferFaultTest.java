package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvException;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Transaction;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.NotLeader;
import io.cairn.proto.errorpb.ServerIsBusy;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.region.InvalidReason;
import io.cairn.tikv.rpc.FaultInjector;
import io.cairn.tikv.rpc.RpcInterceptor.Invocation;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.RealNodes;
import io.cairn.tikv.testing.TxnCluster;
import io.cairn.tikv.rpc.ChannelFactory;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's fault test: 16 threads move money between accounts on two real storage nodes while
 * the driver's RPC hooks inject NotLeader (with and without a hint), ServerIsBusy, RPC timeouts,
 * lost answers, dropped connections and a store going down, while PD fails some of its calls
 * (a gRPC interceptor on the PD channel), while regions split under the
 * driver (EpochNotMatch from the nodes), and while a second client crashes between prewrite and
 * commit (and between the primary and the secondary commits). Every transfer also writes a
 * marker key naming itself, so the end state says which transfers happened.
 *
 * <p>Afterwards: the total is unchanged; every acknowledged transfer is there, every transfer
 * that failed before its commit point is not; the balances are exactly the initial ones plus the
 * transfers whose markers exist (no half transfer); the crashed client's transactions are rolled
 * back (crash before commit) or committed (crash after the primary). The seed of the random
 * choices is in every failure message.
 */
@Tag("slow")
class BankTransferFaultTest {

  private static final int ACCOUNTS = 32;
  private static final long INITIAL = 1000;
  private static final int THREADS = 16;

  private static Key account(int i) {
    return Key.utf8(String.format("acct/%02d", i));
  }

  private static byte[] num(long v) {
    return Long.toString(v).getBytes(StandardCharsets.UTF_8);
  }

  private static long num(byte[] b) {
    return Long.parseLong(new String(b, StandardCharsets.UTF_8));
  }

  private record Transfer(String id, int from, int to, long amount) {
    byte[] marker() {
      return (from + "," + to + "," + amount).getBytes(StandardCharsets.UTF_8);
    }

    static Transfer parse(String id, byte[] marker) {
      String[] p = new String(marker, StandardCharsets.UTF_8).split(",");
      return new Transfer(id, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]));
    }
  }

  /** Outcomes as the clients saw them. */
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> failedBeforeCommitPoint = ConcurrentHashMap.newKeySet();
  private final Set<String> undetermined = ConcurrentHashMap.newKeySet();

  /** Runs one transfer; records its outcome. Returns false when there was not enough money. */
  private boolean transfer(TikvStorage storage, Transfer t) {
    boolean committing = false;
    try (Transaction txn = storage.begin()) {
      long from = num(txn.get(account(t.from())));
      long to = num(txn.get(account(t.to())));
      if (from < t.amount()) {
        return false;
      }
      txn.set(account(t.from()), num(from - t.amount()));
      txn.set(account(t.to()), num(to + t.amount()));
      txn.set(Key.utf8(t.id()), t.marker());
      committing = true;
      txn.commit();
      acknowledged.add(t.id());
    } catch (KvException e) {
      if (committing && e.undetermined()) {
        undetermined.add(t.id());
      } else {
        failedBeforeCommitPoint.add(t.id());
      }
    }
    return true;
  }

  /**
   * Runs a transfer of the crashing client until it ends in {@code outcome}: the workers' writes
   * make some attempts fail on a write conflict before they reach the crash.
   */
  private Transfer crashing(TikvStorage crasher, String name, int from, int to, Set<String> outcome) {
    for (int attempt = 0; attempt < 50; attempt++) {
      Transfer t = new Transfer("xfer/crash/" + name + "/" + attempt, from, to, 1);
      transfer(crasher, t);
      if (outcome.contains(t.id())) {
        return t;
      }
    }
    throw new AssertionError("the crashing client never got to its crash: " + name);
  }

  /**
   * The PD-client hook: a gRPC interceptor on the driver's channels that fails the given share
   * of PD calls (TSO streams, region and store lookups) with UNAVAILABLE, before they leave.
   */
  private static final class PdFaults implements ClientInterceptor {
    volatile int percent;
    final AtomicLong fired = new AtomicLong();

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      if (!method.getFullMethodName().startsWith("pdpb.PD/")) {
        return next.newCall(method, options);
      }
      if (!sometimes(percent)) {
        // A call that starts well may still break later: the long-lived TSO stream does.
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            if (sometimes(percent)) {
              fired.incrementAndGet();
              cancel("injected PD fault: stream broken", null);
              return;
            }
            super.sendMessage(message);
          }
        };
      }
      fired.incrementAndGet();
      return new ClientCall<>() {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          listener.onClose(Status.UNAVAILABLE.withDescription("injected PD fault on " + method.getFullMethodName()), new Metadata());
        }

        @Override
        public void request(int n) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }
  }

  /** Waits (at most 30 s) until the rules named {@code name} fired; returns how often they did. */
  private static long awaitFired(FaultInjector faults, String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (faults.fired(name) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return faults.fired(name);
  }

  private void progress(String phase, FaultInjector faults) {
    System.out.printf("[bank] after %s: %d acknowledged, %d failed, %d undetermined%n", phase, acknowledged.size(),
        failedBeforeCommitPoint.size(), undetermined.size());
  }

  /** NotLeader naming the very peer asked (a leader still taking over), or no leader at all. */
  private static FaultInjector.Fault notLeader(boolean withHint) {
    return new FaultInjector.Fault() {
      @Override
      public <Req extends Message, Resp extends Message> Resp apply(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        NotLeader.Builder nl = NotLeader.newBuilder().setRegionId(call.regionId());
        if (withHint) {
          nl.setLeader(call.kind().context(call.request()).getPeer());
        }
        return call.kind().regionErrorResponse(Error.newBuilder().setNotLeader(nl).build());
      }
    };
  }

  private static boolean sometimes(int percent) {
    return ThreadLocalRandom.current().nextInt(100) < percent;
  }

  @Test
  void totalsStayConstantAndNoAcknowledgedTransferIsLostUnderFaults() throws Exception {
    long seed = System.nanoTime();
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private void run(long seed) throws Exception {
    Random random = new Random(seed);
    try (RealNodes nodes = new RealNodes("bank", "acct/16")) {
      // A breaker that reopens quickly, so that a store coming back is used again within the test.
      TikvClientConfig client = TxnCluster.clientConfig().withBreaker(5, Duration.ofMillis(300));
      PdFaults pdFaults = new PdFaults();
      ChannelFactory hooked = address -> InProcessChannelBuilder.forName(ChannelFactory.stripScheme(address)).intercept(pdFaults).build();
      TikvStorage storage = TikvStorage.open("bank", List.of(nodes.pdUrl()), client, TxnConfig.defaults(), hooked);
      TikvStorage crasher = TikvStorage.open("crasher", List.of(nodes.pdUrl()), client,
          TxnConfig.defaults().withLockTtls(Duration.ofSeconds(1), Duration.ofSeconds(20)), InProcess.channels());
      FaultInjector faults = new FaultInjector();
      try {
        try (Transaction t = storage.begin()) {
          for (int i = 0; i < ACCOUNTS; i++) {
            t.set(account(i), num(INITIAL));
          }
          t.commit();
        }
        storage.routing().rpcClient().addInterceptor(faults);

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
          long workerSeed = random.nextLong();
          int worker = w;
          done.add(workers.submit(() -> {
            Random r = new Random(workerSeed);
            int n = 0;
            while (!stop.get()) {
              int from = r.nextInt(ACCOUNTS);
              int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
              transfer(storage, new Transfer("xfer/" + worker + "/" + n++, from, to, 1 + r.nextInt(20)));
            }
            return n;
          }));
        }

        Thread.sleep(500);
        AtomicBoolean leadersMoving = new AtomicBoolean(true);
        faults.inject("not-leader-hint", c -> leadersMoving.get() && sometimes(3), FaultInjector.ALWAYS, notLeader(true));
        faults.inject("not-leader-no-hint", c -> leadersMoving.get() && sometimes(3), FaultInjector.ALWAYS, notLeader(false));
        Thread.sleep(1000);
        awaitFired(faults, "not-leader-hint");
        awaitFired(faults, "not-leader-no-hint");
        leadersMoving.set(false);
        progress("NotLeader", faults);

        faults.inject("server-busy", c -> true, 4,
            FaultInjector.regionError(Error.newBuilder().setServerIsBusy(ServerIsBusy.newBuilder().setReason("injected")).build()));

        // Splits the driver does not know of: the nodes answer EpochNotMatch with the new regions.
        // PD fails a fifth of its calls while the driver has to learn the new regions.
        pdFaults.percent = 20;
        nodes.split("acct/08", "acct/24", "xfer/5", "xfer/9");
        Thread.sleep(1000);
        nodes.publish();
        Thread.sleep(500);
        pdFaults.percent = 0;
        progress("ServerIsBusy, splits", faults);

        // A client crashes after prewrite: its primary commit never reaches the node.
        FaultInjector crash = new FaultInjector();
        crasher.routing().rpcClient().addInterceptor(crash);
        // a commit without answer is retried until the write budget is spent: keep it short
        crasher.setOption("cairn_backoff_budget_write_ms", "2000");
        crash.inject("crash-before-commit", FaultInjector.kind(RpcKind.KV_COMMIT), FaultInjector.ALWAYS,
            FaultInjector.status(Status.Code.UNAVAILABLE));
        List<Transfer> crashedBefore = List.of(crashing(crasher, "before-0", 3, 20, undetermined),
            crashing(crasher, "before-1", 12, 30, undetermined));
        // ... and one crashes after its primary commit, before the secondaries.
        crash.clearAll();
        Set<Long> primaryCommitted = ConcurrentHashMap.newKeySet();
        crash.inject("crash-after-primary", c -> c.kind() == RpcKind.KV_COMMIT
                && !primaryCommitted.add(((CommitRequest) c.request()).getStartVersion()),
            FaultInjector.ALWAYS, FaultInjector.status(Status.Code.UNAVAILABLE));
        List<Transfer> crashedAfter = List.of(crashing(crasher, "after-0", 1, 17, acknowledged),
            crashing(crasher, "after-1", 25, 9, acknowledged));
        crasher.close();
        progress("crashed client", faults);

        faults.inject("timeout", c -> sometimes(10), 15, FaultInjector.status(Status.Code.DEADLINE_EXCEEDED));
        faults.inject("lost-answer", c -> sometimes(10), 10, FaultInjector.statusAfterServing(Status.Code.DEADLINE_EXCEEDED));
        Thread.sleep(1000);
        progress("timeouts", faults);
        faults.inject("dropped-connection", FaultInjector.store(1), 10, FaultInjector.status(Status.Code.UNAVAILABLE));
        Thread.sleep(1000);
        progress("dropped connection", faults);
        faults.storeDown(2);
        Thread.sleep(800);
        long storeDownFired = awaitFired(faults, "store-down-2");
        faults.storeUp(2);
        progress("store down", faults);
        // With the faults over, the workload must get going again.
        int recovered = acknowledged.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < recovered + 50 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        progress("recovery", faults);
        stop.set(true);
        int attempted = 0;
        for (Future<Integer> f : done) {
          attempted += f.get(120, TimeUnit.SECONDS);
        }
        workers.shutdown();
        for (String name : List.of("not-leader-hint", "not-leader-no-hint", "server-busy", "timeout", "lost-answer",
            "dropped-connection")) {
          assertThat(faults.fired(name)).as("fault %s fired", name).isPositive();
        }
        faults.clearAll();
        assertThat(storeDownFired).as("store 2 was down while transfers ran").isPositive();
        assertThat(pdFaults.fired.get()).as("PD calls failed").isPositive();
        assertThat(storage.routing().regionCache().metrics().invalidations(InvalidReason.EPOCH_NOT_MATCH))
            .as("the splits reached the driver as EpochNotMatch").isPositive();
        assertThat(acknowledged.size()).as("transfers acknowledged of %d attempted", attempted).isGreaterThan(50);
        assertThat(acknowledged.size()).as("transfers acknowledged once the faults were over").isGreaterThanOrEqualTo(recovered + 50);

        // The end state, read after every leftover lock has been resolved.
        Snapshot s = storage.snapshot(storage.currentTimestamp());
        long[] balances = new long[ACCOUNTS];
        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
          balances[i] = num(s.get(account(i)));
          total += balances[i];
        }
        assertThat(total).as("the total").isEqualTo(ACCOUNTS * INITIAL);
        Map<String, Transfer> happened = new HashMap<>();
        try (KvIterator<KvPair> it = s.iterate(new KeyRange(Key.utf8("xfer/"), Key.utf8("xfer0")))) {
          while (it.hasNext()) {
            KvPair p = it.next();
            String id = new String(p.key().toByteArray(), StandardCharsets.UTF_8);
            happened.put(id, Transfer.parse(id, p.value()));
          }
        }
        assertThat(happened.keySet()).as("acknowledged transfers are all there").containsAll(acknowledged);
        assertThat(happened.keySet()).as("transfers that failed before their commit point are not")
            .doesNotContainAnyElementsOf(failedBeforeCommitPoint);
        long[] expected = new long[ACCOUNTS];
        java.util.Arrays.fill(expected, INITIAL);
        for (Transfer t : happened.values()) {
          expected[t.from()] -= t.amount();
          expected[t.to()] += t.amount();
        }
        assertThat(balances).as("balances are the initial ones plus exactly the transfers that happened").isEqualTo(expected);
        for (Transfer t : crashedBefore) {
          assertThat(happened).as("crashed before commit: rolled back").doesNotContainKey(t.id());
        }
        for (Transfer t : crashedAfter) {
          assertThat(happened).as("crashed after the primary commit: committed").containsKey(t.id());
        }
        System.out.printf("[bank] seed %d: %d attempted, %d acknowledged, %d failed before the commit point, %d undetermined"
                + " (%d of them happened)%n", seed, attempted, acknowledged.size(), failedBeforeCommitPoint.size(),
            undetermined.size(), undetermined.stream().filter(happened::containsKey).count());
      } finally {
        crasher.close();
        storage.close();
      }
    }
  }
}
