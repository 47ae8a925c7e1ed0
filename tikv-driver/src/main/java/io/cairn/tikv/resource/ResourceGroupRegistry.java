package io.cairn.tikv.resource;

import io.cairn.tikv.resource.ResourceGroupException.Reason;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The resource groups this client knows, changed at runtime ({@code CREATE / ALTER / DROP
 * RESOURCE GROUP}). There is always a {@code default} group, unlimited until altered; it can be
 * altered but not dropped.
 *
 * <p>Requests name their group; a name that is not registered (never created, or dropped while
 * a session still used it) is charged to {@code default}, as TiDB moves the sessions of a dropped
 * group to {@code default}, and counted in {@link #unknownGroupFallbacks()}. Altering a group
 * keeps its bucket's tokens (cut to the new burst) and its counters; requests already waiting
 * keep the wait they were given.
 *
 * <p>Thread-safe: lookups are lock-free; changes are serialized.
 */
public final class ResourceGroupRegistry {

  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, GroupState> groups = new ConcurrentHashMap<>();
  private final GroupState defaultGroup;
  private final LongAdder unknownGroupFallbacks = new LongAdder();

  /** @param nanoClock the clock of every group's token bucket ({@code System::nanoTime}) */
  public ResourceGroupRegistry(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.defaultGroup = new GroupState(ResourceGroup.unlimited(ResourceGroup.DEFAULT_NAME, Priority.MEDIUM), nanoClock);
    groups.put(ResourceGroup.DEFAULT_NAME, defaultGroup);
  }

  /** Registers a new group; throws {@link ResourceGroupException} ({@code EXISTS}) if the name is taken. */
  public synchronized void create(ResourceGroup group) {
    if (groups.containsKey(group.name())) {
      throw new ResourceGroupException(Reason.EXISTS, "resource group " + group.name() + " already exists");
    }
    groups.put(group.name(), new GroupState(group, nanoClock));
  }

  /** Replaces a group's settings; throws {@link ResourceGroupException} ({@code UNKNOWN}) if it does not exist. */
  public synchronized void alter(ResourceGroup group) {
    GroupState state = groups.get(group.name());
    if (state == null) {
      throw unknown(group.name());
    }
    state.reconfigure(group);
  }

  /** Removes a group; its counters go with it. Requests naming it are charged to {@code default}. */
  public synchronized void drop(String name) {
    String key = ResourceGroup.normalize(name);
    if (key.equals(ResourceGroup.DEFAULT_NAME)) {
      throw new ResourceGroupException(Reason.DEFAULT_NOT_DROPPABLE, "the default resource group cannot be dropped");
    }
    if (groups.remove(key) == null) {
      throw unknown(key);
    }
  }

  /** The group's settings, empty when no group has that name. */
  public Optional<ResourceGroup> group(String name) {
    GroupState state = groups.get(ResourceGroup.normalize(name));
    return state == null ? Optional.empty() : Optional.of(state.settings());
  }

  /** Every group's settings, by name. */
  public List<ResourceGroup> groups() {
    return groups.values().stream().map(GroupState::settings).sorted(Comparator.comparing(ResourceGroup::name)).toList();
  }

  /** Every group's counters now, by name. */
  public List<ResourceGroupStats> snapshot() {
    return groups.values().stream().map(GroupState::stats).sorted(Comparator.comparing(ResourceGroupStats::name)).toList();
  }

  /** One group's counters now; throws {@link ResourceGroupException} ({@code UNKNOWN}) if it does not exist. */
  public ResourceGroupStats stats(String name) {
    GroupState state = groups.get(ResourceGroup.normalize(name));
    if (state == null) {
      throw unknown(name);
    }
    return state.stats();
  }

  /** Requests that named a group not registered and were charged to {@code default}. */
  public long unknownGroupFallbacks() {
    return unknownGroupFallbacks.sum();
  }

  LongSupplier clock() {
    return nanoClock;
  }

  /** The state to charge for a request naming {@code name}; null means {@code default}. */
  GroupState resolve(String name) {
    if (name == null) {
      return defaultGroup;
    }
    GroupState state = groups.get(name);
    if (state == null) {
      // Not normalize(): a name that could never be registered is unknown, not an error.
      state = groups.get(name.toLowerCase(Locale.ROOT));
      if (state == null) {
        unknownGroupFallbacks.increment();
        return defaultGroup;
      }
    }
    return state;
  }

  private static ResourceGroupException unknown(String name) {
    return new ResourceGroupException(Reason.UNKNOWN, "unknown resource group " + name);
  }
}
