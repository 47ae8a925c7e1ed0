package io.cairn.sql.parser;

import io.cairn.sql.MySqlParseException;
import io.cairn.sql.parser.impl.CairnSqlParserImpl;
import io.cairn.sql.parser.impl.CairnSqlParserImplConstants;
import io.cairn.sql.parser.impl.ParseException;
import java.util.List;
import java.util.Set;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses MySQL text into Calcite {@link SqlNode}s with Cairn's generated grammar
 * ({@link CairnSqlParserImpl}).
 *
 * <p>Identifiers follow {@link Lex#MYSQL}: back-quoted, case preserved whether quoted or not,
 * matched case-insensitively later. Conformance is {@link SqlConformanceEnum#MYSQL_5}. Text first
 * goes through {@link MySqlLexicalNormalizer} (MySQL strings, comments, executable comments).
 *
 * <p>Every failure is a {@link MySqlParseException}: 1064 with MySQL's "near '...' at line N"
 * pointing into the original text, 1235 naming a construct the grammar recognises but Cairn does
 * not implement (including Calcite-only syntax such as MERGE or MATCH_RECOGNIZE), 1065 for text
 * without a statement. Thread-safe: each call creates its own generated parser instance.
 */
public final class MySqlParser {
  /** Calcite constructs that are not MySQL and that Cairn does not run, by kind. */
  private static final Set<SqlKind> CALCITE_ONLY = Set.of(SqlKind.MERGE, SqlKind.PROCEDURE_CALL,
      SqlKind.MATCH_RECOGNIZE, SqlKind.TABLESAMPLE, SqlKind.PIVOT, SqlKind.UNPIVOT, SqlKind.SNAPSHOT,
      SqlKind.SET_OPTION, SqlKind.DESCRIBE_SCHEMA, SqlKind.DESCRIBE_TABLE, SqlKind.LAMBDA);

  private final SqlParser.Config config;
  private final MySqlLexicalNormalizer normalizer = new MySqlLexicalNormalizer();

  public MySqlParser() {
    this.config = SqlParser.config()
        .withParserFactory(CairnSqlParserImpl.FACTORY)
        .withLex(Lex.MYSQL)
        .withConformance(SqlConformanceEnum.MYSQL_5);
  }

  /** Parses exactly one statement; a trailing semicolon is allowed, as in MySQL. */
  public SqlNode parse(String sql) {
    NormalizedSql text = normalizer.normalize(sql);
    List<SqlNode> statements = parseList(text);
    if (statements.isEmpty()) {
      throw MySqlParseException.emptyQuery();
    }
    if (statements.size() > 1) {
      throw syntaxError(text, statements.get(1).getParserPosition(), null);
    }
    return statements.get(0);
  }

  /** Parses semicolon-separated statements (the multi-statement protocol mode); empty statements are skipped. */
  public List<SqlNode> parseStatements(String sql) {
    return parseList(normalizer.normalize(sql));
  }

  /** Writes {@code node} as MySQL text that this parser reads back into an equal tree. */
  public static String unparse(SqlNode node) {
    return node.toSqlString(CairnSqlDialect.INSTANCE).getSql();
  }

  private List<SqlNode> parseList(NormalizedSql text) {
    SqlNodeList list;
    try {
      list = SqlParser.create(text.text(), config).parseStmtList();
    } catch (SqlParseException e) {
      throw translate(text, e);
    }
    for (SqlNode statement : list) {
      rejectCalciteOnly(statement);
    }
    return List.copyOf(list.getList());
  }

  private static MySqlParseException translate(NormalizedSql text, SqlParseException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GrammarException g) {
        if (g.unsupported()) {
          return MySqlParseException.notSupported(g.construct(), e);
        }
        if (g.wrongUsage() != null) {
          return MySqlParseException.wrongUsage(g.wrongUsage().get(0), g.wrongUsage().get(1), e);
        }
        return syntaxError(text, g.pos(), e);
      }
    }
    if (e.getCause() instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null
        && pe.currentToken.next.kind == CairnSqlParserImplConstants.EOF) {
      // The lexer places end-of-input on the last character; MySQL reports it as near ''.
      return MySqlParseException.syntaxError("", text.originalLine(text.original().length()), e);
    }
    return syntaxError(text, e.getPos(), e);
  }

  private static MySqlParseException syntaxError(NormalizedSql text, SqlParserPos pos, Throwable cause) {
    int offset = pos == null || pos.getLineNum() <= 0
        ? 0
        : text.originalOffset(pos.getLineNum(), pos.getColumnNum());
    String near = text.original().substring(Math.min(offset, text.original().length()));
    return MySqlParseException.syntaxError(near, text.originalLine(offset), cause);
  }

  private static void rejectCalciteOnly(SqlNode statement) {
    statement.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (CALCITE_ONLY.contains(call.getKind())) {
          throw MySqlParseException.notSupported(call.getKind().sql.replace('_', ' '), null);
        }
        if (call instanceof SqlInsert insert && insert.isUpsert()) {
          throw MySqlParseException.notSupported("UPSERT", null);
        }
        return super.visit(call);
      }
    });
  }
}
