package io.cairn.storage.region;

/**
 * A region's epoch, as in TiKV: {@code confVer} bumps on every membership change,
 * {@code version} on every split or merge. A request carrying an older epoch than the
 * region's is answered with an epoch error so the client refreshes its route.
 */
public record RegionEpoch(long confVer, long version) {

  public static final RegionEpoch INITIAL = new RegionEpoch(1, 1);

  public RegionEpoch {
    if (confVer < 0 || version < 0) {
      throw new IllegalArgumentException("negative epoch " + confVer + "/" + version);
    }
  }

  public RegionEpoch bumpConfVer() {
    return new RegionEpoch(confVer + 1, version);
  }

  public RegionEpoch bumpVersion() {
    return new RegionEpoch(confVer, version + 1);
  }
}
