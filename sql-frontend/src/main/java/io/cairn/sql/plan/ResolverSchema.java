package io.cairn.sql.plan;

import io.cairn.sql.exec.TableSource;
import java.util.Set;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;

/**
 * A Calcite root schema over a {@link TableResolver}: one sub-schema per database, each looking
 * its tables up only when the validator asks for them. Listing names is not supported (Calcite
 * only lists for completion hints), so lookups are by name only.
 */
final class ResolverSchema extends AbstractSchema {
  private final TableResolver resolver;

  ResolverSchema(TableResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public Lookup<Table> tables() {
    return Lookup.empty();
  }

  @Override
  public Lookup<? extends Schema> subSchemas() {
    return new NameLookup<>(name -> resolver.hasDatabase(name) ? new Database(name) : null);
  }

  private final class Database extends AbstractSchema {
    private final String db;

    Database(String db) {
      this.db = db;
    }

    @Override
    public Lookup<Table> tables() {
      return new NameLookup<>(name -> {
        TableSource source = resolver.table(db, name);
        return source == null ? null : new SourceTable(source);
      });
    }
  }

  /** A lookup whose resolver already ignores case. */
  private static final class NameLookup<T> implements Lookup<T> {
    private final java.util.function.Function<String, T> find;

    NameLookup(java.util.function.Function<String, T> find) {
      this.find = find;
    }

    @Override
    public T get(String name) {
      return find.apply(name);
    }

    @Override
    public Named<T> getIgnoreCase(String name) {
      T t = find.apply(name);
      return t == null ? null : new Named<>(name, t);
    }

    @Override
    public Set<String> getNames(LikePattern pattern) {
      return Set.of();
    }
  }
}
