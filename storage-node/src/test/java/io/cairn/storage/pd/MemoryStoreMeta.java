package io.cairn.storage.pd;

import io.cairn.proto.metapb.Region;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link LocalStoreMeta} in memory that keeps the ident encoded, as a node would on disk, and
 * records the regions it was asked to create.
 */
final class MemoryStoreMeta implements LocalStoreMeta {

  private volatile byte[] ident;
  final List<Region> created = new CopyOnWriteArrayList<>();
  final List<StoreIdent> saved = new CopyOnWriteArrayList<>();

  @Override
  public StoreIdent loadIdent() {
    byte[] b = ident;
    return b == null ? null : StoreIdent.decode(b);
  }

  @Override
  public void saveIdent(StoreIdent id) {
    ident = id.encode();
    saved.add(id);
  }

  @Override
  public void createFirstRegion(Region region) {
    created.add(region);
  }
}
