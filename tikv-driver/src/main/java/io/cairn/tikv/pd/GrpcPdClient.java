package io.cairn.tikv.pd;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreState;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetAllStoresResponse;
import io.cairn.proto.pdpb.GetGCSafePointRequest;
import io.cairn.proto.pdpb.GetGCSafePointResponse;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.proto.pdpb.Member;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.PeerStats;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.ResponseHeader;
import io.cairn.proto.pdpb.ScanRegionsRequest;
import io.cairn.proto.pdpb.ScanRegionsResponse;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.rpc.ChannelFactory;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PdClient} over gRPC. The leader is found with {@code GetMembers}, asking each known
 * member in turn (the configured endpoints first, then the members PD advertised); the
 * advertised client URLs join the list so that a client configured with one PD survives its
 * loss. A unary call that fails with a transport status forgets the leader, finds it again and
 * retries once; a second failure is a retryable {@link PdException} for the caller's backoff.
 */
public final class GrpcPdClient implements PdClient {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcPdClient.class);

  private final ChannelFactory channelFactory;
  private final Duration timeout;
  private final List<String> configuredEndpoints;
  private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Store> stores = new ConcurrentHashMap<>();
  private final TsoDispatcher tso;
  private final Object discoveryLock = new Object();
  private volatile Set<String> advertised = Set.of();
  private volatile String leaderUrl;
  private volatile long clusterId;
  private volatile boolean closed;

  /**
   * Connects and finds the leader.
   *
   * @throws PdException when no endpoint names a leader
   */
  public GrpcPdClient(
      List<String> endpoints, ChannelFactory channelFactory, TikvClientConfig config, ThreadFactory threads) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no PD endpoint configured");
    }
    this.configuredEndpoints = List.copyOf(endpoints);
    this.channelFactory = channelFactory;
    this.timeout = config.pdTimeout();
    try {
      discoverLeader();
    } catch (RuntimeException e) {
      channels.values().forEach(ManagedChannel::shutdownNow);
      throw e;
    }
    this.tso = new TsoDispatcher(this::openTso, () -> clusterId, this::forgetLeader, timeout, threads);
  }

  /** The current leader's client URL (finding it when unknown). */
  public String leaderUrl() {
    String l = leaderUrl;
    return l != null ? l : discoverLeader();
  }

  /** Every PD URL this client knows: configured ones first, then the advertised members. */
  public List<String> knownMembers() {
    Set<String> all = new LinkedHashSet<>(configuredEndpoints);
    all.addAll(advertised);
    return List.copyOf(all);
  }

  /** TsoRequests sent so far (one per batch). */
  public long tsoRequestsSent() {
    return tso.requestsSent();
  }

  /** Timestamps handed out so far. */
  public long tsoTimestampsServed() {
    return tso.timestampsServed();
  }

  /** Callers waiting for the next TSO batch. */
  public int tsoPendingWaiters() {
    return tso.pendingWaiters();
  }

  private String discoverLeader() {
    synchronized (discoveryLock) {
      if (leaderUrl != null) {
        return leaderUrl;
      }
      if (closed) {
        throw new PdException("PD client is closed", false);
      }
      Throwable last = null;
      for (String url : knownMembers()) {
        try {
          GetMembersResponse r =
              PDGrpc.newBlockingStub(channel(url))
                  .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                  .getMembers(GetMembersRequest.newBuilder().setHeader(header()).build());
          if (r.getHeader().hasError() && r.getHeader().getError().getType() != ErrorType.OK) {
            last = new PdException(url + ": " + r.getHeader().getError().getMessage(), true);
            continue;
          }
          if (!r.hasLeader() || r.getLeader().getClientUrlsCount() == 0) {
            last = new PdException(url + " knows no PD leader", true);
            continue;
          }
          long id = r.getHeader().getClusterId();
          if (clusterId != 0 && id != clusterId) {
            last = new PdException(url + " belongs to cluster " + id + ", not " + clusterId, false);
            continue;
          }
          clusterId = id;
          Set<String> members = new LinkedHashSet<>();
          for (Member m : r.getMembersList()) {
            members.addAll(m.getClientUrlsList());
          }
          advertised = Set.copyOf(members);
          leaderUrl = r.getLeader().getClientUrls(0);
          LOG.debug("PD leader is {} (cluster {})", leaderUrl, clusterId);
          return leaderUrl;
        } catch (StatusRuntimeException e) {
          last = e;
        }
      }
      throw new PdException("no PD leader found among " + knownMembers(), true, last);
    }
  }

  private void forgetLeader() {
    leaderUrl = null;
  }

  private ManagedChannel channel(String url) {
    return channels.computeIfAbsent(url, channelFactory::open);
  }

  private RequestHeader header() {
    return RequestHeader.newBuilder().setClusterId(clusterId).build();
  }

  private io.grpc.stub.StreamObserver<io.cairn.proto.pdpb.TsoRequest> openTso(
      io.grpc.stub.StreamObserver<io.cairn.proto.pdpb.TsoResponse> responses) {
    return PDGrpc.newStub(channel(leaderUrl())).tso(responses);
  }

  /**
   * Runs {@code call} on the leader; on a transport failure finds the leader again and retries
   * once. Checks the response header.
   */
  private <T> T call(String what, Function<PDGrpc.PDBlockingStub, T> call, Function<T, ResponseHeader> header) {
    if (closed) {
      throw new PdException("PD client is closed", false);
    }
    StatusRuntimeException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      String url = leaderUrl();
      try {
        T response =
            call.apply(
                PDGrpc.newBlockingStub(channel(url)).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        ResponseHeader h = header.apply(response);
        if (h.hasError() && h.getError().getType() != ErrorType.OK && h.getError().getType() != ErrorType.REGION_NOT_FOUND) {
          ErrorType type = h.getError().getType();
          boolean retryable = type == ErrorType.UNKNOWN || type == ErrorType.NOT_BOOTSTRAPPED;
          throw new PdException(what + " failed on " + url + ": " + type + " " + h.getError().getMessage(), retryable);
        }
        return response;
      } catch (StatusRuntimeException e) {
        last = e;
        LOG.debug("{} failed on PD {}: {}", what, url, e.getStatus());
        if (leaderUrl != null && leaderUrl.equals(url)) {
          forgetLeader();
        }
      }
    }
    throw new PdException(what + " failed: " + last.getStatus(), true, last);
  }

  @Override
  public long clusterId() {
    return clusterId;
  }

  @Override
  public long getTimestamp() {
    CompletableFuture<Long> f = getTimestampAsync();
    try {
      // The dispatcher enforces the deadline; the extra wait only guards against a lost wake-up.
      return f.get(timeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PdException p) {
        throw p;
      }
      throw new PdException("TSO failed: " + e.getCause(), true, e.getCause());
    } catch (TimeoutException e) {
      f.cancel(false);
      throw new PdException("no timestamp within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      throw new PdException("interrupted while waiting for a timestamp", false, e);
    }
  }

  @Override
  public CompletableFuture<Long> getTimestampAsync() {
    return tso.request();
  }

  @Override
  public Optional<PdRegion> getRegion(byte[] key) {
    GetRegionResponse r =
        call(
            "GetRegion",
            s -> s.getRegion(GetRegionRequest.newBuilder().setHeader(header()).setRegionKey(ByteString.copyFrom(key)).build()),
            GetRegionResponse::getHeader);
    return toRegion(r);
  }

  @Override
  public Optional<PdRegion> getRegionById(long regionId) {
    GetRegionResponse r =
        call(
            "GetRegionByID",
            s -> s.getRegionByID(GetRegionByIDRequest.newBuilder().setHeader(header()).setRegionId(regionId).build()),
            GetRegionResponse::getHeader);
    return toRegion(r);
  }

  private static Optional<PdRegion> toRegion(GetRegionResponse r) {
    if (!r.hasRegion() || r.getRegion().getId() == 0) {
      return Optional.empty();
    }
    List<io.cairn.proto.metapb.Peer> down = r.getDownPeersList().stream().map(PeerStats::getPeer).toList();
    return Optional.of(new PdRegion(r.getRegion(), r.hasLeader() && r.getLeader().getId() != 0 ? r.getLeader() : null, down));
  }

  @Override
  public List<PdRegion> scanRegions(byte[] startKey, byte[] endKey, int limit) {
    ScanRegionsResponse r =
        call(
            "ScanRegions",
            s ->
                s.scanRegions(
                    ScanRegionsRequest.newBuilder()
                        .setHeader(header())
                        .setStartKey(ByteString.copyFrom(startKey))
                        .setEndKey(ByteString.copyFrom(endKey))
                        .setLimit(limit)
                        .build()),
            ScanRegionsResponse::getHeader);
    List<PdRegion> out = new ArrayList<>();
    if (r.getRegionsCount() > 0) {
      for (io.cairn.proto.pdpb.Region region : r.getRegionsList()) {
        io.cairn.proto.metapb.Peer leader = region.hasLeader() && region.getLeader().getId() != 0 ? region.getLeader() : null;
        out.add(new PdRegion(region.getRegion(), leader, region.getDownPeersList().stream().map(PeerStats::getPeer).toList()));
      }
    } else {
      // An older PD fills only the parallel lists.
      for (int i = 0; i < r.getRegionMetasCount(); i++) {
        io.cairn.proto.metapb.Peer leader = i < r.getLeadersCount() && r.getLeaders(i).getId() != 0 ? r.getLeaders(i) : null;
        out.add(new PdRegion(r.getRegionMetas(i), leader, List.of()));
      }
    }
    return out;
  }

  @Override
  public Optional<Store> getStore(long storeId) {
    Store cached = stores.get(storeId);
    if (cached != null) {
      return Optional.of(cached);
    }
    GetStoreResponse r =
        call(
            "GetStore",
            s -> s.getStore(GetStoreRequest.newBuilder().setHeader(header()).setStoreId(storeId).build()),
            GetStoreResponse::getHeader);
    if (!r.hasStore() || r.getStore().getId() == 0) {
      return Optional.empty();
    }
    Store store = r.getStore();
    if (store.getState() != StoreState.Tombstone) {
      stores.put(storeId, store);
    }
    return Optional.of(store);
  }

  @Override
  public List<Store> getAllStores() {
    GetAllStoresResponse r =
        call(
            "GetAllStores",
            s -> s.getAllStores(GetAllStoresRequest.newBuilder().setHeader(header()).setExcludeTombstoneStores(true).build()),
            GetAllStoresResponse::getHeader);
    for (Store s : r.getStoresList()) {
      if (s.getState() != StoreState.Tombstone) {
        stores.put(s.getId(), s);
      }
    }
    return r.getStoresList();
  }

  @Override
  public long getGcSafePoint() {
    GetGCSafePointResponse r =
        call(
            "GetGCSafePoint",
            s -> s.getGCSafePoint(GetGCSafePointRequest.newBuilder().setHeader(header()).build()),
            GetGCSafePointResponse::getHeader);
    return r.getSafePoint();
  }

  @Override
  public void invalidateStore(long storeId) {
    stores.remove(storeId);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    tso.close();
    for (ManagedChannel c : channels.values()) {
      c.shutdown();
    }
    for (ManagedChannel c : channels.values()) {
      try {
        if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
          c.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.shutdownNow();
      }
    }
    channels.clear();
  }
}
