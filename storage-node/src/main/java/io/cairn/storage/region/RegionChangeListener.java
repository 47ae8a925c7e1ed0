package io.cairn.storage.region;

import java.util.List;

/**
 * Told about region metadata changes on this store, e.g. by the PD heartbeat code to report
 * splits at once instead of at the next heartbeat. Called after the change is visible, on the
 * thread that made it, without locks held; must be quick and must not throw.
 */
public interface RegionChangeListener {

  /** {@code parent} (as it was before) was split into {@code regions}, in key order. */
  void onSplit(RegionMeta parent, List<RegionMeta> regions);
}
