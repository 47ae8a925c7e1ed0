package io.cairn.pd.storage;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Map helpers shared by the {@link MetaStore} implementations. */
final class MetaMaps {

  private MetaMaps() {}

  static TreeMap<String, byte[]> copyPrefix(TreeMap<String, byte[]> map, String prefix) {
    TreeMap<String, byte[]> out = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : map.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      out.put(e.getKey(), e.getValue().clone());
    }
    return out;
  }

  static void apply(Map<String, byte[]> map, List<WriteBatch.Op> ops) {
    for (WriteBatch.Op op : ops) {
      if (op.isDelete()) {
        map.remove(op.key());
      } else {
        map.put(op.key(), op.value());
      }
    }
  }
}
