package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.func.Types;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type factory with MySQL's type merging: the common type of UNION columns, VALUES
 * rows and IN lists is what the evaluator's {@link Types#merge} says (so {@code SELECT 1 UNION
 * SELECT 'a'} is a string column, as in MySQL, where Calcite would reject the mix). Struct types
 * and all-BOOLEAN lists (predicates combined by Calcite's own rewrites) keep Calcite's rules. Not thread-safe beyond what Calcite's factory is; one per statement.
 */
public final class CairnTypeFactory extends JavaTypeFactoryImpl {
  public CairnTypeFactory() {
    super(CairnTypeSystem.INSTANCE);
  }

  /**
   * Character literals and values are Unicode text (MySQL's utf8mb4), not Calcite's default
   * ISO-8859-1, which cannot hold most characters.
   */
  @Override
  public java.nio.charset.Charset getDefaultCharset() {
    return java.nio.charset.StandardCharsets.UTF_8;
  }

  @Override
  public RelDataType leastRestrictive(List<RelDataType> types) {
    if (types.isEmpty() || types.get(0).isStruct()
        || types.stream().allMatch(t -> t.getSqlTypeName() == SqlTypeName.BOOLEAN)) {
      return super.leastRestrictive(types);
    }
    List<FieldType> fields = new ArrayList<>(types.size());
    boolean nullable = false;
    for (RelDataType t : types) {
      if (t.isStruct()) {
        return super.leastRestrictive(types);
      }
      fields.add(TypeMapping.toFieldType(t));
      nullable |= t.isNullable();
    }
    return TypeMapping.toRelType(Types.merge(fields), this, nullable);
  }
}
