package io.cairn.storage.pd;

import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.ResponseHeader;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connection to the PD leader: leader discovery with failover across the
 * configured endpoints, the cluster id in every request header, and a deadline on every unary
 * call.
 *
 * <p>Discovery asks each endpoint in turn (configured ones first, then members PD reported
 * earlier) for {@code GetMembers} and dials the leader's first client URL. The first answer
 * fixes the cluster id; from then on an endpoint answering with another id is skipped, and
 * when only such endpoints answer, calls fail with {@link PdClientException.Kind#WRONG_CLUSTER}
 * (a node must never silently join another cluster).
 *
 * <p>A unary call that fails in transport (UNAVAILABLE, DEADLINE_EXCEEDED, ...) drops the
 * leader, closes its channel (a fresh channel finds a restarted in-process PD at once, and
 * does not wait out a TCP channel's reconnect backoff), rediscovers and retries once. Every
 * PD call the node makes is safe to repeat: AllocID may waste an id, a repeated Bootstrap is
 * answered ALREADY_BOOTSTRAPPED, PutStore, heartbeats and split reports are idempotent. More
 * retrying, with backoff, is the caller's (the heartbeat loop's) business. A response whose
 * header carries an error is {@link PdClientException.Kind#REFUSED}.
 *
 * <p>Long-lived streams ({@code RegionHeartbeat}) take the {@link #leader()} channel directly,
 * have no deadline, and report a broken stream with {@link #leaderFailed}; {@link
 * #generation()} changes whenever another leader channel is chosen, which tells a stream
 * owner to reopen.
 *
 * <p>Thread-safe. The connection owns its channels; {@link #close} shuts them down, after which
 * calls fail with {@link IllegalStateException}.
 */
public final class PdConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PdConnection.class);

  /** The chosen leader: its URL, the channel to it, and the generation it was chosen in. */
  public record Leader(String url, ManagedChannel channel, long generation) {}

  private final PdClientConfig config;
  private final PdChannelFactory channels;
  private final Map<String, ManagedChannel> open = new HashMap<>();
  private final LinkedHashSet<String> learnedMembers = new LinkedHashSet<>();
  private volatile long clusterId;
  private Leader leader;
  // read without the lock, so a stream owner is never held up by a discovery in progress
  private volatile long generation;
  private boolean closed;

  public PdConnection(PdClientConfig config, PdChannelFactory channels) {
    this.config = Objects.requireNonNull(config, "config");
    this.channels = Objects.requireNonNull(channels, "channels");
  }

  public PdClientConfig config() {
    return config;
  }

  /** The cluster id, 0 until the first successful discovery. */
  public long clusterId() {
    return clusterId;
  }

  /** A request header carrying the cluster id (discovering the leader first if needed). */
  public RequestHeader header() {
    leader();
    return RequestHeader.newBuilder().setClusterId(clusterId).build();
  }

  /** Generation of the current leader choice; changes on every rediscovery. */
  public long generation() {
    return generation;
  }

  /**
   * The current leader, discovering it when none is chosen.
   *
   * @throws PdClientException UNAVAILABLE when no endpoint answers, WRONG_CLUSTER when only
   *     other clusters do
   */
  public synchronized Leader leader() {
    if (closed) {
      throw new IllegalStateException("PD connection is closed");
    }
    if (leader == null) {
      leader = discover();
    }
    return leader;
  }

  /**
   * Drops {@code failed} as leader (if it still is) and closes its channel, so the next call
   * rediscovers. A no-op when another leader was chosen meanwhile.
   */
  public synchronized void leaderFailed(Leader failed, Throwable cause) {
    if (leader != null && leader.generation() == failed.generation()) {
      LOG.info("PD leader {} failed ({}); will rediscover", failed.url(), describe(cause));
      leader = null;
      discard(failed.url());
    }
  }

  /**
   * Runs one unary call on the leader with the request timeout as deadline; see the class
   * comment for retries.
   *
   * @param op the call's name, for errors and logs
   * @param call builds and sends the request on a stub that has the deadline set, using the
   *     given header
   * @param headerOf the response's header
   * @throws PdClientException when PD refuses or is unavailable
   */
  public <R> R call(String op, BiFunction<PDGrpc.PDBlockingStub, RequestHeader, R> call,
      Function<R, ResponseHeader> headerOf) {
    PdClientException lastFailure = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      Leader l = leader();
      RequestHeader header = RequestHeader.newBuilder().setClusterId(clusterId).build();
      PDGrpc.PDBlockingStub stub = PDGrpc.newBlockingStub(l.channel())
          .withDeadlineAfter(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
      R response;
      // The node's own call: never under the deadline or cancellation of a client request it
      // may be serving (a SplitRegion of many keys allocates ids here one by one, and a client
      // deadline passing mid-way must not look like a PD failure).
      io.grpc.Context previous = io.grpc.Context.ROOT.attach();
      try {
        response = call.apply(stub, header);
      } catch (StatusRuntimeException e) {
        if (!isTransportFailure(e.getStatus())) {
          throw PdClientException.unavailable(op + " failed at " + l.url() + ": "
              + e.getStatus(), e);
        }
        leaderFailed(l, e);
        lastFailure = PdClientException.unavailable(op + " failed at " + l.url() + ": "
            + e.getStatus(), e);
        continue;
      } finally {
        io.grpc.Context.ROOT.detach(previous);
      }
      ResponseHeader h = headerOf.apply(response);
      if (h.getClusterId() != 0 && h.getClusterId() != clusterId) {
        leaderFailed(l, null);
        throw PdClientException.wrongCluster(op + ": PD at " + l.url() + " serves cluster "
            + h.getClusterId() + ", this node belongs to cluster " + clusterId);
      }
      if (h.hasError() && h.getError().getType() != io.cairn.proto.pdpb.ErrorType.OK) {
        throw PdClientException.refused(op, h.getError());
      }
      return response;
    }
    throw lastFailure;
  }

  private static boolean isTransportFailure(Status status) {
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNKNOWN, ABORTED, RESOURCE_EXHAUSTED,
           INTERNAL -> true;
      default -> false;
    };
  }

  private Leader discover() {
    List<String> candidates = new ArrayList<>(config.endpoints());
    for (String m : learnedMembers) {
      if (!candidates.contains(m)) {
        candidates.add(m);
      }
    }
    List<String> failures = new ArrayList<>();
    String wrongCluster = null;
    for (String url : candidates) {
      GetMembersResponse members;
      try {
        members = PDGrpc.newBlockingStub(channel(url))
            .withDeadlineAfter(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
            .getMembers(GetMembersRequest.newBuilder()
                .setHeader(RequestHeader.newBuilder().setClusterId(clusterId)).build());
      } catch (StatusRuntimeException e) {
        failures.add(url + ": " + e.getStatus());
        discard(url);
        continue;
      } catch (IllegalArgumentException e) {
        failures.add(url + ": " + e.getMessage());
        continue;
      }
      ResponseHeader h = members.getHeader();
      if (h.hasError() && h.getError().getType() != io.cairn.proto.pdpb.ErrorType.OK) {
        failures.add(url + ": " + h.getError().getType() + " " + h.getError().getMessage());
        continue;
      }
      if (clusterId != 0 && h.getClusterId() != clusterId) {
        wrongCluster = url + " serves cluster " + h.getClusterId();
        failures.add(wrongCluster);
        continue;
      }
      if (!members.hasLeader() || members.getLeader().getClientUrlsCount() == 0) {
        failures.add(url + ": no leader elected");
        continue;
      }
      for (var m : members.getMembersList()) {
        learnedMembers.addAll(m.getClientUrlsList());
      }
      String leaderUrl = members.getLeader().getClientUrls(0);
      ManagedChannel ch;
      try {
        ch = channel(leaderUrl);
      } catch (IllegalArgumentException e) {
        failures.add(url + ": leader advertises an unusable URL: " + e.getMessage());
        continue;
      }
      if (clusterId == 0) {
        clusterId = h.getClusterId();
        LOG.info("joined PD cluster {}", clusterId);
      }
      generation++;
      LOG.info("PD leader is {} (asked {}), generation {}", leaderUrl, url, generation);
      return new Leader(leaderUrl, ch, generation);
    }
    if (wrongCluster != null && failures.stream().allMatch(f -> f.contains("serves cluster"))) {
      throw PdClientException.wrongCluster("no PD of cluster " + clusterId + " answered: "
          + String.join("; ", failures));
    }
    throw PdClientException.unavailable("no PD leader reachable: " + String.join("; ", failures),
        null);
  }

  private ManagedChannel channel(String url) {
    ManagedChannel ch = open.get(url);
    if (ch == null) {
      ch = channels.open(url);
      open.put(url, ch);
    }
    return ch;
  }

  private void discard(String url) {
    ManagedChannel ch = open.remove(url);
    if (ch != null) {
      ch.shutdownNow();
    }
  }

  private static String describe(Throwable t) {
    if (t instanceof StatusRuntimeException s) {
      return s.getStatus().toString();
    }
    return t == null ? "wrong cluster" : t.toString();
  }

  /** Shuts down every channel; idempotent. Streams on them are cancelled. */
  @Override
  public synchronized void close() {
    closed = true;
    leader = null;
    for (ManagedChannel ch : open.values()) {
      ch.shutdownNow();
    }
    open.clear();
  }
}
