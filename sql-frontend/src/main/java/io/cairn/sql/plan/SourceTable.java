package io.cairn.sql.plan;

import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/** A {@link TableSource} as a Calcite table, so that the validator resolves its columns. */
public final class SourceTable extends AbstractTable {
  private final TableSource source;

  public SourceTable(TableSource source) {
    this.source = source;
  }

  public TableSource source() {
    return source;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (TableColumn c : source.columns()) {
      b.add(c.name(), TypeMapping.toRelType(c.type(), f, !c.type().isNotNull()));
    }
    return b.build();
  }
}
