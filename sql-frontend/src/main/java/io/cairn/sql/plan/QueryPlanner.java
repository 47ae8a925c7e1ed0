package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.exec.TableSource;
import io.cairn.sql.parser.MySqlLexicalNormalizer;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.NormalizedSql;
import io.cairn.sql.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Plans one SELECT: parse; rewrite every scalar operator to Cairn's MySQL operators
 * ({@link MySqlSemanticsRewriter}); validate with Calcite's validator, with implicit type
 * coercion and call rewriting off (MySQL coerces at evaluation time, in the evaluator); SqlToRel;
 * a logical Hep pass (subqueries to correlates, decorrelation, filters into joins); conversion to physical operators
 * ({@link CairnRules}). Also derives the result column names as MySQL prints them.
 * Thread-safe: every call builds its own Calcite objects.
 */
public final class QueryPlanner {
  private static final HepProgram SUBQUERY_PROGRAM = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
      .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
      .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
      .build();
  private static final HepProgram LOGICAL_PROGRAM = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
      .addRuleInstance(CoreRules.PROJECT_REMOVE)
      .build();
  /** Splits window functions out of projects into Window rels, one group per distinct window. */
  private static final HepProgram WINDOW_PROGRAM = new HepProgramBuilder()
      .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
      .build();
  private final MySqlParser parser = new MySqlParser();
  private final ExprBuilder builder;
  private final CairnOperatorTable operators;

  public QueryPlanner(ExprBuilder builder) {
    this.builder = builder;
    this.operators = new CairnOperatorTable(builder);
  }

  public ExprBuilder builder() {
    return builder;
  }

  /** The planned query: physical plan, output column labels, number of {@code ?} parameters. */
  public record Plan(CairnRel root, List<String> columnNames, int parameterCount) {}

  public Plan plan(String sql, Map<String, TableSource> tables) {
    SqlNode parsed = parser.parse(sql);
    SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
    for (Map.Entry<String, TableSource> e : tables.entrySet()) {
      root.add(e.getKey(), new SourceTable(e.getValue()));
    }
    return plan(sql, parsed, parsed, CalciteSchema.from(root), List.of());
  }

  /**
   * Plans an already parsed query whose tables are resolved by database through {@code
   * resolver}; unqualified names are looked up in {@code defaultDb} (null for none).
   *
   * @param labelSource the statement as parsed from {@code sql}, for the result column labels
   * @param query the query to plan: {@code labelSource} itself or a rewrite of it (e.g. with
   *     session variables replaced by literals) that keeps its select list positions
   */
  public Plan plan(String sql, SqlNode labelSource, SqlNode query, TableResolver resolver, String defaultDb) {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false, "", new ResolverSchema(resolver));
    return plan(sql, labelSource, query, root, defaultDb == null ? List.of() : List.of(defaultDb));
  }

  private Plan plan(String sql, SqlNode labelSource, SqlNode parsed, CalciteSchema rootSchema,
      List<String> defaultPath) {
    if (!parsed.getKind().belongsTo(SqlKind.QUERY)) {
      throw MySqlParseException.notSupported("statement " + parsed.getKind() + " in the query engine", null);
    }
    List<String> labels = labels(sql, labelSource);
    SqlNode rewritten = parsed.accept(new HavingWithoutGrouping()).accept(new MySqlSemanticsRewriter(operators));

    RelDataTypeFactory typeFactory = new CairnTypeFactory();
    Properties props = new Properties();
    props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    CalciteConnectionConfig config = new CalciteConnectionConfigImpl(props);
    CalciteCatalogReader catalog = new CalciteCatalogReader(rootSchema, defaultPath, typeFactory, config);
    SqlValidator validator = SqlValidatorUtil.newValidator(
        SqlOperatorTables.chain(MySqlWindowFunctions.TABLE, SqlStdOperatorTable.instance()), catalog, typeFactory,
        SqlValidator.Config.DEFAULT
            .withTypeCoercionEnabled(false)
            .withCallRewrite(false)
            .withIdentifierExpansion(true)
            .withConformance(SqlConformanceEnum.MYSQL_5));
    SqlNode validated;
    try {
      validated = validator.validate(rewritten);
    } catch (CalciteContextException e) {
      throw validationError(e);
    }
    int[] paramCount = {0};
    validated.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        // By the highest index: a placeholder the session took out of the tree (one in an AS OF
        // TIMESTAMP clause) still holds its place in the parameter list.
        paramCount[0] = Math.max(paramCount[0], param.getIndex() + 1);
        return null;
      }
    });

    HepPlanner logical = new HepPlanner(SUBQUERY_PROGRAM, Contexts.empty());
    RelOptCluster cluster = RelOptCluster.create(logical, new RexBuilder(typeFactory));
    SqlToRelConverter converter = new SqlToRelConverter(null, validator, catalog, cluster,
        StandardConvertletTable.INSTANCE,
        SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(false)
            .withRelBuilderConfigTransform(c -> c.withSimplify(false)));
    RelRoot relRoot = converter.convertQuery(validated, false, true);
    RelNode rel = relRoot.project();

    logical.setRoot(rel);
    rel = logical.findBestExp();
    RelBuilder relBuilder = RelBuilder.proto(Contexts.empty()).create(cluster, catalog);
    rel = RelDecorrelator.decorrelateQuery(rel, relBuilder);
    rel = run(LOGICAL_PROGRAM, rel);
    rel = run(WINDOW_PROGRAM, rel.accept(new WindowedSumRestorer()));
    CairnRel physical = CopPushdown.rewrite(CairnRules.toPhysical(rel));
    List<String> names = new ArrayList<>(physical.getRowType().getFieldNames());
    if (labels != null && labels.size() == names.size()) {
      names = labels;
    }
    return new Plan(physical, names, paramCount[0]);
  }

  private static RelNode run(HepProgram program, RelNode rel) {
    HepPlanner planner = new HepPlanner(program, Contexts.empty());
    planner.setRoot(rel);
    return planner.findBestExp();
  }

  private static SqlException validationError(CalciteContextException e) {
    String msg = e.getMessage();
    String inner = e.getCause() == null ? msg : e.getCause().getMessage();
    if (inner != null && inner.startsWith("Column '") && inner.contains("not found")) {
      String col = inner.substring(8, inner.indexOf('\'', 8));
      return new SqlException(1054, "42S22", "Unknown column '" + col + "' in 'field list'", e);
    }
    if (inner != null && inner.startsWith("Object '") && inner.contains("not found")) {
      String t = inner.substring(8, inner.indexOf('\'', 8));
      int within = inner.indexOf("not found within '");
      if (within > 0) {
        int start = within + "not found within '".length();
        t = inner.substring(start, inner.indexOf('\'', start)) + "." + t;
      }
      return new SqlException(1146, "42S02", "Table '" + t + "' doesn't exist", e);
    }
    if (inner != null && inner.startsWith("Expression '") && inner.endsWith("is not being grouped")) {
      // ONLY_FULL_GROUP_BY, which MySQL 8's default sql_mode (and Cairn's) includes.
      String expr = inner.substring(12, inner.lastIndexOf('\''));
      return new SqlException(1055, "42000", "Expression '" + expr + "' is not in GROUP BY clause and contains "
          + "nonaggregated column which is not functionally dependent on columns in GROUP BY clause; "
          + "this is incompatible with sql_mode=only_full_group_by", e);
    }
    if (inner != null && inner.startsWith("Data type of ORDER BY prohibits use of RANGE clause")) {
      return new SqlException(3587, "HY000", "Window '<unnamed window>' with RANGE N PRECEDING/FOLLOWING frame "
          + "requires exactly one ORDER BY expression, of numeric or temporal type", e);
    }
    if (inner != null && inner.contains("is ambiguous")) {
      return new SqlException(1052, "23000", inner, e);
    }
    return new SqlException(1105, "HY000", inner == null ? String.valueOf(msg) : inner, e);
  }

  /**
   * The result column labels MySQL prints: an alias; a column's name as written; a string
   * literal's value; otherwise the expression's text as the user typed it. Null when the select
   * list has a star (the validated names are the table's column names then).
   */
  private List<String> labels(String sql, SqlNode parsed) {
    SqlNode q = parsed;
    while (true) {
      if (q instanceof SqlOrderBy ob) {
        q = ob.query;
      } else if (q instanceof SqlBasicCall c && (c.getKind() == SqlKind.UNION || c.getKind() == SqlKind.INTERSECT
          || c.getKind() == SqlKind.EXCEPT)) {
        q = c.operand(0);
      } else {
        break;
      }
    }
    if (!(q instanceof SqlSelect select)) {
      return null;
    }
    NormalizedSql text = new MySqlLexicalNormalizer().normalize(sql);
    List<String> out = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (item instanceof SqlIdentifier id && id.isStar()) {
        return null;
      }
      if (item.getKind() == SqlKind.AS) {
        out.add(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
      } else if (item instanceof SqlIdentifier id) {
        out.add(id.names.get(id.names.size() - 1));
      } else if (item instanceof SqlCharStringLiteral s) {
        out.add(s.getValueAs(String.class));
      } else {
        out.add(originalText(text, item.getParserPosition()));
      }
    }
    return out;
  }

  private static String originalText(NormalizedSql text, SqlParserPos pos) {
    int start = text.originalOffset(pos.getLineNum(), pos.getColumnNum());
    int end = text.originalOffset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
    String original = text.original();
    return original.substring(Math.max(0, start), Math.min(original.length(), Math.max(start, end)));
  }
}
