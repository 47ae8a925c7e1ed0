package io.cairn.storage.pd;

import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreLabel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a store tells PD about itself when it registers (everything of {@code metapb.Store}
 * except the id PD assigns and the state PD keeps).
 *
 * @param address the address clients dial for the KV service ({@code host:port})
 * @param peerAddress the address other stores use for Raft traffic; {@code null} or empty
 *     means {@code address}
 * @param statusAddress the status/metrics HTTP address; {@code null} or empty when there is none
 * @param labels placement labels in the order given (e.g. zone, host); never {@code null}
 * @param version a semantic version {@code >= 4.0.0}: TiKV clients treat older stores as
 *     legacy and change their lock resolution
 * @param gitHash the build's commit; {@code null} or empty when unknown
 * @param deployPath where the node runs from; {@code null} or empty when unknown
 * @param startTimestampSeconds when the store process started, seconds since the epoch
 */
public record StoreDescriptor(String address, String peerAddress, String statusAddress,
    Map<String, String> labels, String version, String gitHash, String deployPath,
    long startTimestampSeconds) {

  /** The version Cairn nodes report: new enough for every TiKV client feature Cairn serves. */
  public static final String DEFAULT_VERSION = "6.5.0";

  private static final Pattern SEMVER = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)([-+].*)?");

  public StoreDescriptor {
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("store address must not be blank");
    }
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(
        Objects.requireNonNull(labels, "labels")));
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey().isBlank() || e.getValue() == null || e.getValue().isBlank()) {
        throw new IllegalArgumentException("label keys and values must not be blank: " + labels);
      }
    }
    Matcher m = SEMVER.matcher(Objects.requireNonNull(version, "version"));
    if (!m.matches()) {
      throw new IllegalArgumentException("store version must look like 6.5.0: " + version);
    }
    if (Integer.parseInt(m.group(1)) < 4) {
      throw new IllegalArgumentException("store version must be >= 4.0.0: " + version);
    }
    if (startTimestampSeconds < 0) {
      throw new IllegalArgumentException("negative start timestamp: " + startTimestampSeconds);
    }
  }

  /** A store at {@code address} with no other addresses, labels or build facts. */
  public static StoreDescriptor of(String address, long startTimestampSeconds) {
    return new StoreDescriptor(address, null, null, Map.of(), DEFAULT_VERSION, null, null,
        startTimestampSeconds);
  }

  public StoreDescriptor withStatusAddress(String status) {
    return new StoreDescriptor(address, peerAddress, status, labels, version, gitHash,
        deployPath, startTimestampSeconds);
  }

  public StoreDescriptor withPeerAddress(String peer) {
    return new StoreDescriptor(address, peer, statusAddress, labels, version, gitHash,
        deployPath, startTimestampSeconds);
  }

  public StoreDescriptor withLabels(Map<String, String> newLabels) {
    return new StoreDescriptor(address, peerAddress, statusAddress, newLabels, version, gitHash,
        deployPath, startTimestampSeconds);
  }

  /**
   * Parses {@code --labels zone=z1,host=h1}; an empty string means no labels.
   *
   * @throws IllegalArgumentException on an entry without {@code =}, a blank key or value, or
   *     a repeated key
   */
  public static Map<String, String> parseLabels(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("label must be key=value: '" + part + "' in " + spec);
      }
      String k = part.substring(0, eq).trim();
      String v = part.substring(eq + 1).trim();
      if (k.isEmpty() || v.isEmpty()) {
        throw new IllegalArgumentException("blank label key or value: '" + part + "' in " + spec);
      }
      if (out.putIfAbsent(k, v) != null) {
        throw new IllegalArgumentException("label " + k + " given twice in " + spec);
      }
    }
    return out;
  }

  /** The {@code metapb.Store} for store {@code storeId}. */
  public Store toStore(long storeId) {
    Store.Builder b = Store.newBuilder().setId(storeId).setAddress(address).setVersion(version)
        .setStartTimestamp(startTimestampSeconds);
    if (peerAddress != null && !peerAddress.isEmpty()) {
      b.setPeerAddress(peerAddress);
    }
    if (statusAddress != null && !statusAddress.isEmpty()) {
      b.setStatusAddress(statusAddress);
    }
    if (gitHash != null && !gitHash.isEmpty()) {
      b.setGitHash(gitHash);
    }
    if (deployPath != null && !deployPath.isEmpty()) {
      b.setDeployPath(deployPath);
    }
    labels.forEach((k, v) -> b.addLabels(StoreLabel.newBuilder().setKey(k).setValue(v)));
    return b.build();
  }
}
