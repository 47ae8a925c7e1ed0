<#--
  Cairn's MySQL statements and clauses, spliced into Calcite's Parser.jj by FMPP.
  Nodes live in io.cairn.sql.parser.ast; checks too long for a grammar action live in
  io.cairn.sql.parser.GrammarSupport. A construct Cairn recognises but does not implement throws
  GrammarException.unsupported (MySQL error 1235) as soon as its leading words are read.
  Actions that throw are written "if (true) throw ..." because JavaCC appends statements after them.
  Where an alternative overlaps a later one (mostly through non-reserved keywords such as KEY,
  IGNORE, FORMAT that are also identifiers), an explicit LOOKAHEAD(1) states that the first one
  wins, which is JavaCC's own rule; it also spares JavaCC a costly k=2 ambiguity analysis.
-->

boolean CairnIfNotExists() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean CairnIfExists() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** A character set, collation, engine or format name: a word or a string literal. */
String CairnName() :
{
    final SqlIdentifier id;
    final SqlNode s;
}
{
    id = SimpleIdentifier() { return id.getSimple(); }
|
    <BINARY> { return "binary"; }
|
    s = StringLiteral() { return GrammarSupport.stringOf(s); }
}

SqlIdentifier CairnNameNode() :
{
    final String name;
}
{
    name = CairnName() { return new SqlIdentifier(name, getPos()); }
}

SqlNode CairnLimitValue() :
{
    final SqlNode n;
}
{
    (
        n = UnsignedNumericLiteral()
    |
        n = DynamicParam()
    )
    { return n; }
}

SqlNodeList CairnIdentifierList() :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier id;
}
{
    id = CompoundIdentifier() { list.add(id); }
    ( <COMMA> id = CompoundIdentifier() { list.add(id); } )*
    { return new SqlNodeList(list, Span.of(list).pos()); }
}

/** USE db */
SqlNode CairnUse() :
{
    final Span s;
    final SqlIdentifier db;
}
{
    <USE> { s = span(); } db = SimpleIdentifier()
    { return new SqlUseDatabase(s.end(this), db); }
}

void CairnShowFilter(SqlNode[] filter) :
{
}
{
    <LIKE> filter[0] = StringLiteral()
|
    <WHERE> filter[1] = Expression(ExprContext.ACCEPT_SUB_QUERY)
}

SqlIdentifier CairnFromDatabase() :
{
    final SqlIdentifier db;
}
{
    ( <FROM> | <IN> ) db = SimpleIdentifier() { return db; }
}

/** The SHOW family. */
SqlNode CairnShow() :
{
    final Span s;
    SqlShow.Kind kind;
    boolean full = false;
    VariableScope scope = null;
    SqlIdentifier target = null;
    SqlIdentifier db = null;
    final SqlNode[] filter = {null, null};
    SqlUserSpec user = null;
}
{
    <SHOW> { s = span(); }
    (
        <GRANTS> [ <FOR> user = CairnUserOrCurrent() ]
        { return new SqlShowGrants(s.end(this), user); }
    |
        ( <DATABASES> | <SCHEMAS> ) { kind = SqlShow.Kind.DATABASES; }
        [ CairnShowFilter(filter) ]
    |
        [ <FULL> { full = true; } ]
        (
            <TABLES> { kind = SqlShow.Kind.TABLES; }
            [ db = CairnFromDatabase() ]
            [ CairnShowFilter(filter) ]
        |
            ( <COLUMNS> | <FIELDS> ) { kind = SqlShow.Kind.COLUMNS; }
            ( <FROM> | <IN> ) target = CompoundIdentifier()
            [ db = CairnFromDatabase() ]
            [ CairnShowFilter(filter) ]
        |
            <PROCESSLIST> { kind = SqlShow.Kind.PROCESSLIST; }
        )
    |
        ( <INDEX> | <INDEXES> | <KEYS> ) { kind = SqlShow.Kind.INDEX; }
        ( <FROM> | <IN> ) target = CompoundIdentifier()
        [ db = CairnFromDatabase() ]
        [ <WHERE> filter[1] = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    |
        <CREATE>
        (
            <TABLE> { kind = SqlShow.Kind.CREATE_TABLE; } target = CompoundIdentifier()
        |
            ( <DATABASE> | <SCHEMA> ) { kind = SqlShow.Kind.CREATE_DATABASE; }
            CairnIfNotExists() target = SimpleIdentifier()
        )
    |
        [ <GLOBAL> { scope = VariableScope.GLOBAL; } | <SESSION> { scope = VariableScope.SESSION; } ]
        (
            <VARIABLES> { kind = SqlShow.Kind.VARIABLES; }
        |
            <STATUS> { kind = SqlShow.Kind.STATUS; }
        )
        [ CairnShowFilter(filter) ]
    |
        <WARNINGS> { kind = SqlShow.Kind.WARNINGS; }
    |
        <ERRORS> { kind = SqlShow.Kind.ERRORS; }
    |
        <COLLATION> { kind = SqlShow.Kind.COLLATION; }
        [ CairnShowFilter(filter) ]
    |
        ( <CHARACTER> <SET> | <CHARSET> ) { kind = SqlShow.Kind.CHARACTER_SET; }
        [ CairnShowFilter(filter) ]
    |
        [ <STORAGE> ] <ENGINES> { kind = SqlShow.Kind.ENGINES; }
    )
    {
        return new SqlShow(s.end(this), kind, full, scope, target, db, filter[0], filter[1]);
    }
}

/** The value of a SET assignment: ON becomes the string 'ON', DEFAULT a DEFAULT call. */
SqlNode CairnSetValue() :
{
    final SqlNode e;
}
{
    <ON> { return SqlLiteral.createCharString("ON", getPos()); }
|
    <DEFAULT_> { return SqlStdOperatorTable.DEFAULT.createCall(getPos()); }
|
    e = Expression(ExprContext.ACCEPT_SUB_QUERY) { return e; }
}

SqlVariableAssignment CairnVariableAssignment() :
{
    final SqlVariableRef target;
    final SqlIdentifier id;
    VariableScope scope = VariableScope.DEFAULT;
    final SqlNode value;
}
{
    (
        <SYSTEM_VARIABLE> { target = SqlVariableRef.fromToken(getPos(), token.image); }
    |
        <USER_VARIABLE> { target = SqlVariableRef.fromToken(getPos(), token.image); }
    |
        [
            <GLOBAL> { scope = VariableScope.GLOBAL; }
        |
            LOOKAHEAD(2) <SESSION> { scope = VariableScope.SESSION; }
        |
            <LOCAL> { scope = VariableScope.SESSION; }
        ]
        id = SimpleIdentifier()
        { target = new SqlVariableRef(id.getParserPosition(), scope, id.getSimple()); }
    )
    <EQ> value = CairnSetValue()
    { return new SqlVariableAssignment(target.getParserPosition().plus(value.getParserPosition()), target, value); }
}

void CairnTransactionCharacteristic(Object[] chars) :
{
    SqlNode asOf;
}
{
    <ISOLATION> <LEVEL>
    (
        <READ>
        (
            <UNCOMMITTED> { chars[0] = IsolationLevel.READ_UNCOMMITTED; }
        |
            <COMMITTED> { chars[0] = IsolationLevel.READ_COMMITTED; }
        )
    |
        <REPEATABLE> <READ> { chars[0] = IsolationLevel.REPEATABLE_READ; }
    |
        <SERIALIZABLE> { chars[0] = IsolationLevel.SERIALIZABLE; }
    )
|
    <READ>
    (
        <ONLY> { chars[1] = AccessMode.READ_ONLY; }
        [ asOf = CairnAsOfTimestamp() { chars[2] = asOf; } ]
    |
        <WRITE> { chars[1] = AccessMode.READ_WRITE; }
    )
}

/** AS OF TIMESTAMP expr: the past time of a stale read (TiDB). */
SqlNode CairnAsOfTimestamp() :
{
    final SqlNode e;
}
{
    <AS> <OF> <TIMESTAMP> e = Expression(ExprContext.ACCEPT_NON_QUERY) { return e; }
}

/**
 * A table reference read at a past time: {@code t [AS alias] AS OF TIMESTAMP expr}. Only a
 * table name may be read so, as in TiDB.
 */
SqlNode CairnTableAsOf(SqlNode tableRef) :
{
    final SqlNode e;
}
{
    e = CairnAsOfTimestamp()
    {
        SqlNode table = tableRef.getKind() == SqlKind.AS ? ((SqlCall) tableRef).operand(0) : tableRef;
        if (!(table instanceof SqlIdentifier)) {
            throw GrammarException.invalid(tableRef.getParserPosition(), "AS OF TIMESTAMP needs a table name");
        }
        return new SqlTableAsOf(tableRef.getParserPosition().plus(e.getParserPosition()), tableRef, e);
    }
}

/** SET variables, SET NAMES, SET TRANSACTION. */
SqlNode CairnSet() :
{
    final Span s;
    VariableScope scope = VariableScope.DEFAULT;
    final Object[] chars = {null, null, null};
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode item;
    SqlUserSpec user = null;
    SqlNode password;
}
{
    <SET> { s = span(); }
    (
        LOOKAHEAD(1) <PASSWORD> [ <FOR> user = CairnUserName() ] <EQ> password = StringLiteral()
        { return new SqlSetPassword(s.end(this), user, GrammarSupport.stringOf(password)); }
    |
        LOOKAHEAD([ <GLOBAL> | <SESSION> | <LOCAL> ] <TRANSACTION>)
        [
            <GLOBAL> { scope = VariableScope.GLOBAL; }
        |
            <SESSION> { scope = VariableScope.SESSION; }
        |
            <LOCAL> { scope = VariableScope.SESSION; }
        ]
        <TRANSACTION>
        CairnTransactionCharacteristic(chars)
        ( <COMMA> CairnTransactionCharacteristic(chars) )*
        {
            if (chars[2] != null && chars[1] != AccessMode.READ_ONLY) {
                throw GrammarException.invalid(((SqlNode) chars[2]).getParserPosition(),
                    "AS OF TIMESTAMP needs a READ ONLY transaction");
            }
            return new SqlSetTransaction(s.end(this), scope, (IsolationLevel) chars[0],
                (AccessMode) chars[1], (SqlNode) chars[2]);
        }
    |
        item = CairnSetItem() { list.add(item); }
        ( <COMMA> item = CairnSetItem() { list.add(item); } )*
        {
            if (list.size() == 1 && list.get(0) instanceof SqlSetNames) {
                return list.get(0);
            }
            return new SqlSetVariables(s.end(this), new SqlNodeList(list, s.end(this)));
        }
    )
}

/**
 * One item of a SET list: a variable assignment, or NAMES, which MySQL also accepts inside the
 * list (MariaDB Connector/J sends {@code set autocommit=1, ..., names utf8mb4}).
 */
SqlNode CairnSetItem() :
{
    final Span s;
    String charset = null;
    String collation = null;
    final SqlNode a;
}
{
    LOOKAHEAD(1) <NAMES> { s = span(); }
    ( <DEFAULT_> | charset = CairnName() )
    [ <COLLATE> collation = CairnName() ]
    { return new SqlSetNames(s.end(this), charset, collation); }
|
    a = CairnVariableAssignment() { return a; }
}

/** BEGIN [WORK] */
SqlNode CairnBegin() :
{
    final Span s;
}
{
    <BEGIN> { s = span(); } [ <WORK> ]
    { return new SqlStartTransaction(s.end(this), null, false); }
}

/**
 * START TRANSACTION [READ ONLY [AS OF TIMESTAMP expr] | READ WRITE | WITH CONSISTENT SNAPSHOT]
 * [, ...]
 */
SqlNode CairnStartTransaction() :
{
    final Span s;
    AccessMode mode = null;
    boolean snapshot = false;
    SqlNode asOf = null;
}
{
    <START> { s = span(); } <TRANSACTION>
    [
        (
            <WITH> <CONSISTENT> <SNAPSHOT> { snapshot = true; }
        |
            <READ>
            (
                <ONLY> { mode = AccessMode.READ_ONLY; } [ asOf = CairnAsOfTimestamp() ]
            |
                <WRITE> { mode = AccessMode.READ_WRITE; }
            )
        )
        (
            <COMMA>
            (
                <WITH> <CONSISTENT> <SNAPSHOT> { snapshot = true; }
            |
                <READ>
                (
                    <ONLY> { mode = AccessMode.READ_ONLY; } [ asOf = CairnAsOfTimestamp() ]
                |
                    <WRITE> { mode = AccessMode.READ_WRITE; }
                )
            )
        )*
    ]
    {
        if (asOf != null && mode != AccessMode.READ_ONLY) {
            throw GrammarException.invalid(asOf.getParserPosition(), "AS OF TIMESTAMP needs a READ ONLY transaction");
        }
        return new SqlStartTransaction(s.end(this), mode, snapshot, asOf);
    }
}

/** COMMIT [WORK] */
SqlNode CairnCommit() :
{
    final Span s;
}
{
    <COMMIT> { s = span(); } [ <WORK> ]
    { return new SqlEndTransaction(s.end(this), true); }
}

/** ROLLBACK [WORK] */
SqlNode CairnRollback() :
{
    final Span s;
}
{
    <ROLLBACK> { s = span(); } [ <WORK> ]
    [ <TO> { if (true) throw GrammarException.unsupported(getPos(), "ROLLBACK TO SAVEPOINT"); } ]
    { return new SqlEndTransaction(s.end(this), false); }
}

/** SAVEPOINT / RELEASE SAVEPOINT: recognised, not supported. */
SqlNode CairnSavepoint() :
{
}
{
    ( <SAVEPOINT> | <RELEASE> <SAVEPOINT> )
    { if (true) throw GrammarException.unsupported(getPos(), "SAVEPOINT"); }
    { return null; }
}

/** LOCK TABLES: recognised, not supported. */
SqlNode CairnLockTables() :
{
}
{
    <LOCK> ( <TABLES> | <TABLE> )
    { if (true) throw GrammarException.unsupported(getPos(), "LOCK TABLES"); }
    { return null; }
}

/** A MySQL column type. */
SqlColumnType CairnColumnType() :
{
    final String typeName;
    final Span s;
    Integer length = null;
    Integer scale = null;
    final List<String> values = new ArrayList<String>();
    boolean unsigned = false;
    boolean zerofill = false;
    String charset = null;
    SqlLiteral n;
    SqlNode v;
    SqlIdentifier id;
}
{
    (
        (
            <TINYINT> | <SMALLINT> | <INT> | <INTEGER> | <BIGINT> | <BOOLEAN>
        |   <DECIMAL> | <DEC> | <NUMERIC> | <FLOAT> | <REAL>
        |   <CHAR> | <CHARACTER> | <VARCHAR> | <BINARY> | <VARBINARY> | <BLOB>
        |   <BIT> | <DATE> | <TIME> | <TIMESTAMP> | <DATETIME> | <YEAR> | <SET>
        )
        { typeName = token.image; s = span(); }
    |
        <DOUBLE> { typeName = "DOUBLE"; s = span(); } [ <PRECISION> ]
    |
        id = SimpleIdentifier() { typeName = id.getSimple(); s = span(); }
    )
    [
        <LPAREN>
        (
            n = UnsignedNumericLiteral() { length = GrammarSupport.intValue(getPos(), n); }
            [ <COMMA> n = UnsignedNumericLiteral() { scale = GrammarSupport.intValue(getPos(), n); } ]
        |
            v = StringLiteral() { values.add(GrammarSupport.stringOf(v)); }
            ( <COMMA> v = StringLiteral() { values.add(GrammarSupport.stringOf(v)); } )*
        )
        <RPAREN>
    ]
    ( <UNSIGNED> { unsigned = true; } | <ZEROFILL> { zerofill = true; } )*
    [ ( <CHARACTER> <SET> | <CHARSET> ) charset = CairnName() ]
    {
        return GrammarSupport.columnType(s.end(this), typeName, length, scale, values, unsigned,
            zerofill, charset);
    }
}

SqlNode CairnDefaultValue() :
{
    final SqlNode e;
}
{
    LOOKAHEAD(1) <LPAREN> e = Expression(ExprContext.ACCEPT_SUB_QUERY) <RPAREN> { return e; }
|
    LOOKAHEAD(1) e = NumericLiteral() { return e; }
|
    e = Expression3(ExprContext.ACCEPT_NON_QUERY) { return e; }
}

/** name type [column options] */
SqlColumnDef CairnColumnDefinition() :
{
    final SqlIdentifier name;
    final Span s;
    final SqlColumnType type;
    Boolean nullable = null;
    SqlNode defaultValue = null;
    SqlNode onUpdate = null;
    boolean autoIncrement = false;
    SqlColumnDef.InlineKey key = null;
    SqlNode comment = null;
    String collation = null;
}
{
    name = SimpleIdentifier() { s = span(); }
    type = CairnColumnType()
    (
        <NOT> <NULL> { nullable = Boolean.FALSE; }
    |
        <NULL> { nullable = Boolean.TRUE; }
    |
        <DEFAULT_> defaultValue = CairnDefaultValue()
    |
        <ON> <UPDATE> onUpdate = Expression3(ExprContext.ACCEPT_NON_QUERY)
    |
        <AUTO_INCREMENT> { autoIncrement = true; }
    |
        <PRIMARY> <KEY> { key = SqlColumnDef.InlineKey.PRIMARY; }
    |
        <KEY> { key = SqlColumnDef.InlineKey.PRIMARY; }
    |
        <UNIQUE> [ LOOKAHEAD(1) <KEY> ] { key = SqlColumnDef.InlineKey.UNIQUE; }
    |
        <COMMENT> comment = StringLiteral()
    |
        <COLLATE> collation = CairnName()
    |
        <REFERENCES> { if (true) throw GrammarException.unsupported(getPos(), "REFERENCES"); }
    |
        <CHECK> { if (true) throw GrammarException.unsupported(getPos(), "CHECK constraint"); }
    |
        ( <GENERATED> | <AS> ) { if (true) throw GrammarException.unsupported(getPos(), "generated column"); }
    )*
    {
        return new SqlColumnDef(s.end(this), name, type, nullable, defaultValue, onUpdate,
            autoIncrement, key, comment, collation);
    }
}

SqlKeyPart CairnKeyPart() :
{
    final SqlIdentifier column;
    final Span s;
    Integer length = null;
    boolean desc = false;
    SqlLiteral n;
}
{
    column = SimpleIdentifier() { s = span(); }
    [ <LPAREN> n = UnsignedNumericLiteral() { length = GrammarSupport.intValue(getPos(), n); } <RPAREN> ]
    [ <ASC> | <DESC> { desc = true; } ]
    { return new SqlKeyPart(s.end(this), column, length, desc); }
}

SqlNodeList CairnKeyParts() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlKeyPart part;
}
{
    <LPAREN> { s = span(); }
    part = CairnKeyPart() { list.add(part); }
    ( <COMMA> part = CairnKeyPart() { list.add(part); } )*
    <RPAREN>
    { return new SqlNodeList(list, s.end(this)); }
}

/** PRIMARY KEY / UNIQUE / KEY / INDEX definitions, optionally after CONSTRAINT [name]. */
SqlIndexDef CairnIndexDefinition() :
{
    Span s = null;
    SqlIdentifier name = null;
    SqlIndexDef.IndexKind kind = null;
    final SqlNodeList parts;
}
{
    [ <CONSTRAINT> { s = span(); } [ LOOKAHEAD(1) name = SimpleIdentifier() ] ]
    (
        // MySQL ignores a constraint name on a primary key: it is always called PRIMARY.
        <PRIMARY> { if (s == null) { s = span(); } } <KEY>
        { kind = SqlIndexDef.IndexKind.PRIMARY; name = null; }
    |
        <UNIQUE> { if (s == null) { s = span(); } } [ LOOKAHEAD(1) ( <KEY> | <INDEX> ) ]
        [ LOOKAHEAD(1) name = SimpleIdentifier() ]
        { kind = SqlIndexDef.IndexKind.UNIQUE; }
    |
        ( <KEY> | <INDEX> ) { if (s == null) { s = span(); } }
        [ LOOKAHEAD(1) name = SimpleIdentifier() ]
        { kind = SqlIndexDef.IndexKind.INDEX; }
    |
        <FOREIGN> { if (true) throw GrammarException.unsupported(getPos(), "FOREIGN KEY"); }
    |
        <CHECK> { if (true) throw GrammarException.unsupported(getPos(), "CHECK constraint"); }
    )
    parts = CairnKeyParts()
    { return new SqlIndexDef(s.end(this), kind, name, parts); }
}

void CairnTableElement(List<SqlNode> columns, List<SqlNode> indexes) :
{
    final SqlNode e;
}
{
    LOOKAHEAD(1) e = CairnIndexDefinition() { indexes.add(e); }
|
    e = CairnColumnDefinition() { columns.add(e); }
}

void CairnTableOption(List<SqlNode> opts) :
{
    final Span s;
    final SqlNode value;
}
{
    <ENGINE> { s = span(); } [ <EQ> ] value = CairnNameNode()
    { opts.add(new SqlTableOption(s.end(this), SqlTableOption.Option.ENGINE, value)); }
|
    <COMMENT> { s = span(); } [ <EQ> ] value = StringLiteral()
    { opts.add(new SqlTableOption(s.end(this), SqlTableOption.Option.COMMENT, value)); }
|
    <AUTO_INCREMENT> { s = span(); } [ <EQ> ] value = UnsignedNumericLiteral()
    { opts.add(new SqlTableOption(s.end(this), SqlTableOption.Option.AUTO_INCREMENT, value)); }
|
    [ <DEFAULT_> ] { s = span(); }
    (
        ( <CHARSET> | <CHARACTER> <SET> ) [ <EQ> ] value = CairnNameNode()
        { opts.add(new SqlTableOption(s.end(this), SqlTableOption.Option.CHARSET, value)); }
    |
        <COLLATE> [ <EQ> ] value = CairnNameNode()
        { opts.add(new SqlTableOption(s.end(this), SqlTableOption.Option.COLLATE, value)); }
    )
}

/** CREATE DATABASE / TABLE / INDEX / VIEW. */
SqlNode CairnCreate() :
{
    SqlNode userStatement;
    final Span s;
    boolean ifNotExists;
    boolean unique = false;
    boolean replace = false;
    SqlIdentifier name;
    SqlIdentifier table;
    String charset = null;
    String collation = null;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> indexes = new ArrayList<SqlNode>();
    final List<SqlNode> tableOptions = new ArrayList<SqlNode>();
    SqlNodeList columnList = null;
    SqlNodeList parts;
    SqlNode query;
}
{
    <CREATE> { s = span(); }
    (
        <USER> userStatement = CairnUserStatementTail(s, SqlUserStatement.Action.CREATE)
        { return userStatement; }
    |
        ( <DATABASE> | <SCHEMA> ) ifNotExists = CairnIfNotExists() name = SimpleIdentifier()
        (
            [ <DEFAULT_> ]
            (
                ( <CHARACTER> <SET> | <CHARSET> ) [ <EQ> ] charset = CairnName()
            |
                <COLLATE> [ <EQ> ] collation = CairnName()
            )
        )*
        { return new SqlCreateDatabase(s.end(this), ifNotExists, name, charset, collation); }
    |
        <TEMPORARY> { if (true) throw GrammarException.unsupported(getPos(), "CREATE TEMPORARY TABLE"); }
        { return null; }
    |
        <TRIGGER> { if (true) throw GrammarException.unsupported(getPos(), "CREATE TRIGGER"); }
        { return null; }
    |
        <TABLE> ifNotExists = CairnIfNotExists() name = CompoundIdentifier()
        (
            <LIKE> { if (true) throw GrammarException.unsupported(getPos(), "CREATE TABLE ... LIKE"); }
        |
            <LPAREN>
            CairnTableElement(columns, indexes)
            ( <COMMA> CairnTableElement(columns, indexes) )*
            <RPAREN>
            ( [ <COMMA> ] CairnTableOption(tableOptions) )*
            [
                ( <AS> | <SELECT> )
                { if (true) throw GrammarException.unsupported(getPos(), "CREATE TABLE ... SELECT"); }
            ]
        )
        {
            return new SqlCreateTable(s.end(this), ifNotExists, name,
                new SqlNodeList(columns, s.end(this)), new SqlNodeList(indexes, s.end(this)),
                new SqlNodeList(tableOptions, s.end(this)));
        }
    |
        [ <UNIQUE> { unique = true; } ] <INDEX> name = SimpleIdentifier()
        <ON> table = CompoundIdentifier() parts = CairnKeyParts()
        { return new SqlCreateIndex(s.end(this), unique, name, table, parts); }
    |
        [ <OR> <REPLACE> { replace = true; } ]
        <VIEW> name = CompoundIdentifier()
        [ columnList = ParenthesizedSimpleIdentifierList() ]
        <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        { return new SqlCreateView(s.end(this), replace, name, columnList, query); }
    )
}

/** DROP DATABASE / TABLE / VIEW / INDEX. */
SqlNode CairnDrop() :
{
    SqlNode userStatement;
    final Span s;
    boolean ifExists;
    SqlIdentifier name;
    SqlIdentifier table;
    SqlNodeList names;
}
{
    <DROP> { s = span(); }
    (
        <USER> userStatement = CairnUserStatementTail(s, SqlUserStatement.Action.DROP)
        { return userStatement; }
    |
        ( <DATABASE> | <SCHEMA> ) ifExists = CairnIfExists() name = SimpleIdentifier()
        {
            return new SqlDropObjects(s.end(this), SqlDropObjects.ObjectKind.DATABASE, ifExists,
                new SqlNodeList(Collections.<SqlNode>singletonList(name), name.getParserPosition()));
        }
    |
        <TEMPORARY> { if (true) throw GrammarException.unsupported(getPos(), "DROP TEMPORARY TABLE"); }
        { return null; }
    |
        <TRIGGER> { if (true) throw GrammarException.unsupported(getPos(), "DROP TRIGGER"); }
        { return null; }
    |
        <TABLE> ifExists = CairnIfExists() names = CairnIdentifierList() [ <RESTRICT> | <CASCADE> ]
        { return new SqlDropObjects(s.end(this), SqlDropObjects.ObjectKind.TABLE, ifExists, names); }
    |
        <VIEW> ifExists = CairnIfExists() names = CairnIdentifierList() [ <RESTRICT> | <CASCADE> ]
        { return new SqlDropObjects(s.end(this), SqlDropObjects.ObjectKind.VIEW, ifExists, names); }
    |
        <INDEX> name = SimpleIdentifier() <ON> table = CompoundIdentifier()
        { return new SqlDropIndex(s.end(this), name, table); }
    )
}

void CairnAlterAction(List<SqlNode> actions) :
{
    final Span s;
    SqlNode subject;
    SqlColumnDef column;
    boolean first = false;
    SqlIdentifier after = null;
}
{
    <ADD> { s = span(); }
    (
        LOOKAHEAD(1) subject = CairnIndexDefinition()
        { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.ADD_INDEX, subject, false, null)); }
    |
        [ <COLUMN> ]
        (
            <LPAREN>
            column = CairnColumnDefinition()
            { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.ADD_COLUMN, column, false, null)); }
            (
                <COMMA> column = CairnColumnDefinition()
                { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.ADD_COLUMN, column, false, null)); }
            )*
            <RPAREN>
        |
            column = CairnColumnDefinition()
            [ <FIRST> { first = true; } | <AFTER> after = SimpleIdentifier() ]
            { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.ADD_COLUMN, column, first, after)); }
        )
    )
|
    <DROP> { s = span(); }
    (
        LOOKAHEAD(1) ( <INDEX> | <KEY> ) subject = SimpleIdentifier()
        { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.DROP_INDEX, subject, false, null)); }
    |
        <PRIMARY> <KEY>
        { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.DROP_PRIMARY_KEY, null, false, null)); }
    |
        <FOREIGN> { if (true) throw GrammarException.unsupported(getPos(), "FOREIGN KEY"); }
    |
        [ <COLUMN> ] subject = SimpleIdentifier()
        { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.DROP_COLUMN, subject, false, null)); }
    )
|
    <RENAME> { s = span(); }
    (
        LOOKAHEAD(1) ( <COLUMN> | <INDEX> | <KEY> )
        { if (true) throw GrammarException.unsupported(getPos(), "ALTER TABLE ... RENAME " + token.image.toUpperCase(Locale.ROOT)); }
    |
        [ <TO> | <AS> ] subject = CompoundIdentifier()
        { actions.add(new SqlAlterTableAction(s.end(this), SqlAlterTableAction.Action.RENAME, subject, false, null)); }
    )
|
    ( <MODIFY> | <CHANGE> | <ALTER> )
    { if (true) throw GrammarException.unsupported(getPos(), "ALTER TABLE ... " + token.image.toUpperCase(Locale.ROOT)); }
}

/** ALTER TABLE t action [, action] */
SqlNode CairnAlter() :
{
    SqlNode userStatement;
    final Span s;
    SqlIdentifier name;
    final List<SqlNode> actions = new ArrayList<SqlNode>();
}
{
    <ALTER> { s = span(); }
    (
        <USER> userStatement = CairnUserStatementTail(s, SqlUserStatement.Action.ALTER)
        { return userStatement; }
    |
        <TABLE> name = CompoundIdentifier()
        CairnAlterAction(actions) ( <COMMA> CairnAlterAction(actions) )*
        { return new SqlAlterTable(s.end(this), name, new SqlNodeList(actions, s.end(this))); }
    )
}

/** RENAME TABLE a TO b [, c TO d] */
SqlNode CairnRename() :
{
    final Span s;
    final List<SqlNode> from = new ArrayList<SqlNode>();
    final List<SqlNode> to = new ArrayList<SqlNode>();
    SqlIdentifier id;
    SqlUserSpec user;
}
{
    <RENAME> { s = span(); }
    (
        <USER>
        user = CairnUserName() { from.add(user); } <TO> user = CairnUserName() { from.add(user); }
        (
            <COMMA>
            user = CairnUserName() { from.add(user); } <TO> user = CairnUserName() { from.add(user); }
        )*
        {
            return new SqlUserStatement(s.end(this), SqlUserStatement.Action.RENAME, false,
                new SqlNodeList(from, s.end(this)));
        }
    |
        <TABLE>
        id = CompoundIdentifier() { from.add(id); } <TO> id = CompoundIdentifier() { to.add(id); }
        (
            <COMMA>
            id = CompoundIdentifier() { from.add(id); } <TO> id = CompoundIdentifier() { to.add(id); }
        )*
        {
            return new SqlRenameTable(s.end(this), new SqlNodeList(from, s.end(this)),
                new SqlNodeList(to, s.end(this)));
        }
    )
}

/** TRUNCATE [TABLE] t */
SqlNode CairnTruncate() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <TRUNCATE> { s = span(); } [ <TABLE> ] name = CompoundIdentifier()
    { return new SqlTruncateTable(s.end(this), name); }
}

void CairnAssignment(List<SqlNode> columns, List<SqlNode> values) :
{
    final SqlIdentifier column;
    final SqlNode value;
}
{
    column = CompoundIdentifier() { columns.add(column); }
    <EQ>
    (
        <DEFAULT_> { value = SqlStdOperatorTable.DEFAULT.createCall(getPos()); }
    |
        value = Expression(ExprContext.ACCEPT_SUB_QUERY)
    )
    { values.add(value); }
}

/** INSERT [IGNORE] / REPLACE [INTO] t [(cols)] {VALUES ... | SELECT ... | SET c = v, ...} [ON DUPLICATE KEY UPDATE ...] */
SqlNode CairnInsert() :
{
    final Span s;
    boolean replace = false;
    boolean ignore = false;
    final SqlIdentifier table;
    SqlNodeList columns = null;
    SqlNode source;
    final List<SqlNode> setColumns = new ArrayList<SqlNode>();
    final List<SqlNode> setValues = new ArrayList<SqlNode>();
    final List<SqlNode> updateColumns = new ArrayList<SqlNode>();
    final List<SqlNode> updateValues = new ArrayList<SqlNode>();
}
{
    (
        <INSERT> { s = span(); } [ LOOKAHEAD(1) <IGNORE> { ignore = true; } ]
    |
        <REPLACE> { s = span(); replace = true; }
    )
    [ <INTO> ]
    table = CompoundIdentifier()
    (
        <SET>
        CairnAssignment(setColumns, setValues)
        ( <COMMA> CairnAssignment(setColumns, setValues) )*
        {
            final SqlParserPos setPos = s.end(this);
            columns = new SqlNodeList(setColumns, setPos);
            source = SqlStdOperatorTable.VALUES.createCall(setPos,
                SqlStdOperatorTable.ROW.createCall(setPos, setValues));
        }
    |
        [ LOOKAHEAD(2) columns = ParenthesizedSimpleIdentifierList() ]
        source = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        {
            if (!source.isA(SqlKind.QUERY)) {
                throw GrammarException.invalid(source.getParserPosition(), "INSERT needs VALUES, SELECT or SET");
            }
        }
    )
    [
        <ON> <DUPLICATE> <KEY> <UPDATE>
        CairnAssignment(updateColumns, updateValues)
        ( <COMMA> CairnAssignment(updateColumns, updateValues) )*
    ]
    {
        final SqlParserPos pos = s.end(this);
        return new SqlMySqlInsert(pos, replace, ignore, table, source, columns,
            new SqlNodeList(updateColumns, pos), new SqlNodeList(updateValues, pos));
    }
}

void CairnMultiTableGuard(String statement) :
{
}
{
    ( <JOIN> | <INNER> | <LEFT> | <RIGHT> | <CROSS> | <NATURAL> )
    {
        if (true) throw GrammarException.invalid(getPos(),
            "a multi-table " + statement + " names its tables before FROM or USING");
    }
}

/**
 * UPDATE table_references SET ... [WHERE ...] [ORDER BY ...] [LIMIT n]: one table (with an
 * optional alias) is the single-table form; joins or a comma list are the multi-table form,
 * which takes neither ORDER BY nor LIMIT (MySQL's 1221).
 */
SqlNode CairnUpdate() :
{
    final Span s;
    final SqlNode from;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> values = new ArrayList<SqlNode>();
    SqlNode condition = null;
    SqlNodeList orderBy = null;
    SqlNode limit = null;
}
{
    <UPDATE> { s = span(); }
    [ LOOKAHEAD(1) <IGNORE> { if (true) throw GrammarException.unsupported(getPos(), "UPDATE IGNORE"); } ]
    from = FromClause()
    <SET>
    CairnAssignment(columns, values)
    ( <COMMA> CairnAssignment(columns, values) )*
    [ <WHERE> condition = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    [ orderBy = OrderBy(true) ]
    [ <LIMIT> limit = CairnLimitValue() ]
    {
        final SqlParserPos pos = s.end(this);
        final SqlNodeList columnList = new SqlNodeList(columns, pos);
        final SqlNodeList valueList = new SqlNodeList(values, pos);
        if (DmlClauses.singleTable(from) != null) {
            return new SqlMySqlUpdate(pos, DmlClauses.singleTable(from), columnList, valueList, condition,
                DmlClauses.singleTableAlias(from), orderBy, limit);
        }
        if (orderBy != null) {
            throw GrammarException.wrongUsage(pos, "UPDATE", "ORDER BY");
        }
        if (limit != null) {
            throw GrammarException.wrongUsage(pos, "UPDATE", "LIMIT");
        }
        return new SqlMultiTableUpdate(pos, from, columnList, valueList, condition);
    }
}

/** A table named by a DELETE, {@code t} or (multi-table only) {@code t.*}. */
void CairnDeleteTarget(List<SqlNode> targets) :
{
    final SqlIdentifier id;
}
{
    id = CompoundIdentifier() { targets.add(id); }
}

/**
 * DELETE FROM t [[AS] a] [WHERE ...] [ORDER BY ...] [LIMIT n], or the multi-table forms
 * DELETE t1[.*], ... FROM table_references [WHERE ...] and
 * DELETE FROM t1[.*], ... USING table_references [WHERE ...].
 */
SqlNode CairnDelete() :
{
    final Span s;
    final List<SqlNode> targets = new ArrayList<SqlNode>();
    SqlNode from = null;
    SqlIdentifier alias = null;
    SqlNode condition = null;
    SqlNodeList orderBy = null;
    SqlNode limit = null;
}
{
    <DELETE> { s = span(); }
    [ LOOKAHEAD(1) <IGNORE> { if (true) throw GrammarException.unsupported(getPos(), "DELETE IGNORE"); } ]
    (
        <FROM>
        CairnDeleteTarget(targets)
        (
            ( <COMMA> CairnDeleteTarget(targets) )+
            <USING> from = FromClause()
        |
            <USING> from = FromClause()
        |
            [ [ <AS> ] alias = SimpleIdentifier() ]
            [ CairnMultiTableGuard("DELETE") ]
        )
    |
        CairnDeleteTarget(targets)
        ( <COMMA> CairnDeleteTarget(targets) )*
        <FROM> from = FromClause()
    )
    [ <WHERE> condition = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    [ orderBy = OrderBy(true) ]
    [ <LIMIT> limit = CairnLimitValue() ]
    {
        final SqlParserPos pos = s.end(this);
        if (from == null) {
            final SqlIdentifier table = (SqlIdentifier) targets.get(0);
            if (table.isStar()) {
                throw GrammarException.invalid(table.getParserPosition(), "DELETE FROM t.* needs USING");
            }
            return new SqlMySqlDelete(pos, table, condition, alias, orderBy, limit);
        }
        for (int i = 0; i < targets.size(); i++) {
            final SqlIdentifier t = (SqlIdentifier) targets.get(i);
            if (t.isStar()) {
                targets.set(i, t.getComponent(0, t.names.size() - 1));
            }
        }
        if (orderBy != null) {
            throw GrammarException.wrongUsage(pos, "DELETE", "ORDER BY");
        }
        if (limit != null) {
            throw GrammarException.wrongUsage(pos, "DELETE", "LIMIT");
        }
        return new SqlMultiTableDelete(pos, new SqlNodeList(targets, pos), from, condition);
    }
}

/** A query, optionally with a locking read clause. */
SqlNode CairnQuery() :
{
    final SqlNode query;
    SqlLockingSelect.LockMode mode = null;
    SqlLockingSelect.WaitPolicy wait = SqlLockingSelect.WaitPolicy.WAIT;
}
{
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [
        (
            <FOR>
            (
                <UPDATE> { mode = SqlLockingSelect.LockMode.FOR_UPDATE; }
            |
                <SHARE> { mode = SqlLockingSelect.LockMode.FOR_SHARE; }
            )
            [
                <NOWAIT> { wait = SqlLockingSelect.WaitPolicy.NOWAIT; }
            |
                <SKIP_> <LOCKED> { wait = SqlLockingSelect.WaitPolicy.SKIP_LOCKED; }
            ]
        |
            <LOCK> <IN> <SHARE> <MODE> { mode = SqlLockingSelect.LockMode.FOR_SHARE; }
        )
        {
            if (!query.isA(SqlKind.QUERY)) {
                throw GrammarException.invalid(query.getParserPosition(), "a locking clause needs a query");
            }
            return new SqlLockingSelect(query.getParserPosition().plus(getPos()), query, mode, wait);
        }
    ]
    { return query; }
}

SqlNode CairnExplainable() :
{
    final SqlNode stmt;
}
{
    (
        LOOKAHEAD(<SELECT> | <WITH> | <VALUES> | <LPAREN> | <TABLE>) stmt = CairnQuery()
    |
        stmt = CairnInsert()
    |
        stmt = CairnUpdate()
    |
        stmt = CairnDelete()
    )
    { return stmt; }
}

/** EXPLAIN [ANALYZE] [FORMAT = x] stmt, and DESCRIBE / DESC / EXPLAIN table [column]. */
SqlNode CairnExplain() :
{
    final Span s;
    boolean analyze = false;
    String format = null;
    final SqlNode stmt;
    final SqlIdentifier table;
    SqlNode column = null;
    SqlIdentifier id;
}
{
    ( <EXPLAIN> | <DESCRIBE> | <DESC> ) { s = span(); }
    (
        LOOKAHEAD(1)
        (
            <ANALYZE> { analyze = true; }
        |
            <FORMAT> <EQ> format = CairnName()
        )
        stmt = CairnExplainable()
        { return new SqlExplainStatement(s.end(this), analyze, format, stmt); }
    |
        LOOKAHEAD(<SELECT> | <WITH> | <VALUES> | <LPAREN> | <TABLE> | <INSERT> | <REPLACE> | <UPDATE> | <DELETE>)
        stmt = CairnExplainable()
        { return new SqlExplainStatement(s.end(this), false, null, stmt); }
    |
        table = CompoundIdentifier()
        [
            id = SimpleIdentifier() { column = SqlLiteral.createCharString(id.getSimple(), id.getParserPosition()); }
        |
            column = StringLiteral()
        ]
        { return new SqlShow(s.end(this), SqlShow.Kind.COLUMNS, false, null, table, null, column, null); }
    )
}

/** KILL [CONNECTION | QUERY] id */
SqlNode CairnKill() :
{
    final Span s;
    boolean query = false;
    final SqlNode id;
}
{
    <KILL> { s = span(); }
    [ <CONNECTION> | <QUERY> { query = true; } ]
    id = CairnLimitValue()
    { return new SqlKill(s.end(this), query, id); }
}

/** ADMIN CHECK TABLE t [, t2] */
SqlNode CairnAdmin() :
{
    final Span s;
    final SqlNodeList tables;
}
{
    <ADMIN> { s = span(); } <CHECK>
    (
        <TABLE> tables = CairnIdentifierList()
        { return new SqlAdminCheckTable(s.end(this), tables); }
    |
        <INDEX> { if (true) throw GrammarException.unsupported(getPos(), "ADMIN CHECK INDEX"); }
        { return null; }
    )
}

/** @@var, @@global.var, @@session.var, @uservar in expressions. */
SqlNode CairnVariableRef() :
{
}
{
    ( <SYSTEM_VARIABLE> | <USER_VARIABLE> )
    { return SqlVariableRef.fromToken(getPos(), token.image); }
}

/** VALUES(col) inside ON DUPLICATE KEY UPDATE. */
SqlNode CairnValuesColumn() :
{
    final Span s;
    final SqlIdentifier column;
}
{
    <VALUES> { s = span(); } <LPAREN> column = CompoundIdentifier() <RPAREN>
    { return SqlValuesColumnFunction.INSTANCE.createCall(s.end(this), column); }
}

/** CURRENT_USER(), SESSION_USER(), SYSTEM_USER(): Calcite knows these niladic functions only bare. */
SqlNode CairnUserFunctionCall() :
{
    final Span s;
    final SqlFunction f;
}
{
    (
        <CURRENT_USER> { f = SqlStdOperatorTable.CURRENT_USER; }
    |   <SESSION_USER> { f = SqlStdOperatorTable.SESSION_USER; }
    |   <SYSTEM_USER> { f = SqlStdOperatorTable.SYSTEM_USER; }
    )
    { s = span(); } <LPAREN> <RPAREN>
    { return f.createCall(s.end(this)); }
}

/** MySQL infix operators inside Calcite's Expression2 loop: <=>, DIV, MOD, XOR, [NOT] REGEXP. */
/** {@code expr COLLATE name}: the name becomes the operator's character literal operand. */
void CairnCollateExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final String name;
}
{
    <COLLATE> name = CairnName() {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(MySqlOperators.COLLATE, getPos()));
        list.add(SqlLiteral.createCharString(name, getPos()));
    }
}

void CairnBinaryExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
}
{
    (
        <NULL_SAFE_EQUAL> { op = SqlStdOperatorTable.IS_NOT_DISTINCT_FROM; }
    |
        <DIV> { op = MySqlOperators.DIV; }
    |
        <MOD> { op = SqlStdOperatorTable.PERCENT_REMAINDER; }
    |
        <XOR> { op = MySqlOperators.XOR; }
    |
        <REGEXP> { op = SqlLibraryOperators.RLIKE; }
    |
        <NOT> <REGEXP> { op = SqlLibraryOperators.NOT_RLIKE; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/** A user or host part of an account name: a word or a string. */
String CairnUserPart() :
{
    final SqlNode literal;
    final SqlIdentifier id;
}
{
    literal = StringLiteral() { return GrammarSupport.stringOf(literal); }
|
    id = SimpleIdentifier() { return id.getSimple(); }
}

/**
 * An account name: 'user'@'host', user@host or 'user' (host %). The lexer reads @host and
 * @`host` as a user variable token, and @'host' as AT_SIGN then a string.
 */
SqlUserSpec CairnUserName() :
{
    final Span s;
    final String user;
    String host = "%";
}
{
    user = CairnUserPart() { s = span(); }
    [
        <AT_SIGN> host = CairnUserPart()
    |
        <USER_VARIABLE> { host = GrammarSupport.hostOfUserVariable(token.image); }
    ]
    { return new SqlUserSpec(s.end(this), user, host, null, null, false); }
}

/** An account name, or null for CURRENT_USER [()]. */
SqlUserSpec CairnUserOrCurrent() :
{
    final SqlUserSpec user;
}
{
    <CURRENT_USER> [ <LPAREN> <RPAREN> ] { return null; }
|
    user = CairnUserName() { return user; }
}

/** An account name with an optional IDENTIFIED clause. */
SqlUserSpec CairnUserWithAuth() :
{
    final SqlUserSpec name;
    SqlIdentifier plugin = null;
    SqlNode password = null;
    boolean hashed = false;
}
{
    name = CairnUserName()
    [
        <IDENTIFIED>
        (
            <BY> password = StringLiteral()
        |
            <WITH> plugin = CairnNameNode()
            [
                <BY> password = StringLiteral()
            |
                <AS> password = StringLiteral() { hashed = true; }
            ]
        )
    ]
    {
        return new SqlUserSpec(name.getParserPosition(), name.user(), name.host(), plugin,
            password == null ? null : GrammarSupport.stringOf(password), hashed);
    }
}

/** The rest of CREATE USER / ALTER USER / DROP USER after the USER keyword. */
SqlNode CairnUserStatementTail(Span s, SqlUserStatement.Action action) :
{
    boolean ifClause = false;
    boolean not = false;
    final List<SqlNode> users = new ArrayList<SqlNode>();
    SqlUserSpec user;
}
{
    [
        LOOKAHEAD(2) <IF> [ <NOT> { not = true; } ] <EXISTS>
        {
            ifClause = true;
            if (not != (action == SqlUserStatement.Action.CREATE)) {
                throw GrammarException.invalid(getPos(), action.sql() + " takes IF "
                    + (not ? "EXISTS" : "NOT EXISTS"));
            }
        }
    ]
    user = CairnUserWithAuth() { users.add(user); }
    ( <COMMA> user = CairnUserWithAuth() { users.add(user); } )*
    {
        for (SqlNode u : users) {
            if (action == SqlUserStatement.Action.DROP && ((SqlUserSpec) u).identified()) {
                throw GrammarException.invalid(u.getParserPosition(), "DROP USER takes no IDENTIFIED clause");
            }
        }
        return new SqlUserStatement(s.end(this), action, ifClause, new SqlNodeList(users, s.end(this)));
    }
}

/** One privilege of GRANT / REVOKE, as MySQL spells it. */
void CairnPrivilege(List<SqlNode> privileges) :
{
    final SqlIdentifier id;
    String name;
}
{
    (
        <ALL> [ <PRIVILEGES> ] { name = "ALL"; }
    |
        <SELECT> { name = "SELECT"; }
    |
        <INSERT> { name = "INSERT"; }
    |
        <UPDATE> { name = "UPDATE"; }
    |
        <DELETE> { name = "DELETE"; }
    |
        <CREATE> { name = "CREATE"; }
        [ <USER> { name = "CREATE USER"; } | <VIEW> { name = "CREATE VIEW"; } ]
    |
        <DROP> { name = "DROP"; }
    |
        <ALTER> { name = "ALTER"; }
    |
        <INDEX> { name = "INDEX"; }
    |
        <GRANT> <OPTION> { name = "GRANT OPTION"; }
    |
        <SHOW> <VIEW> { name = "SHOW VIEW"; }
    |
        id = SimpleIdentifier() { name = id.getSimple().toUpperCase(Locale.ROOT); }
    )
    { privileges.add(SqlLiteral.createCharString(name, getPos())); }
}

/**
 * What GRANT / REVOKE apply to: [TABLE] *.* | * | db.* | db.t | t, into
 * target = {level, db, table}.
 */
void CairnGrantTarget(Object[] target) :
{
    SqlIdentifier a;
    SqlIdentifier b;
}
{
    [ <TABLE> ]
    (
        <STAR> { target[0] = SqlGrant.Level.DATABASE; }
        [ <DOT> <STAR> { target[0] = SqlGrant.Level.GLOBAL; } ]
    |
        a = SimpleIdentifier() { target[0] = SqlGrant.Level.TABLE; target[2] = a; }
        [
            <DOT>
            (
                <STAR> { target[0] = SqlGrant.Level.DATABASE; target[1] = a; target[2] = null; }
            |
                b = SimpleIdentifier() { target[1] = a; target[2] = b; }
            )
        ]
    )
}

/** GRANT privileges ON target TO user [, user] [WITH GRANT OPTION] */
SqlNode CairnGrant() :
{
    final Span s;
    final List<SqlNode> privileges = new ArrayList<SqlNode>();
    final Object[] target = {null, null, null};
    final List<SqlNode> users = new ArrayList<SqlNode>();
    boolean grantOption = false;
    SqlUserSpec user;
}
{
    <GRANT> { s = span(); }
    CairnPrivilege(privileges) ( <COMMA> CairnPrivilege(privileges) )*
    <ON> CairnGrantTarget(target)
    <TO> user = CairnUserName() { users.add(user); }
    ( <COMMA> user = CairnUserName() { users.add(user); } )*
    [ <WITH> <GRANT> <OPTION> { grantOption = true; } ]
    {
        return new SqlGrant(s.end(this), false, new SqlNodeList(privileges, s.end(this)),
            (SqlGrant.Level) target[0], (SqlIdentifier) target[1], (SqlIdentifier) target[2],
            new SqlNodeList(users, s.end(this)), grantOption);
    }
}

/** REVOKE privileges ON target FROM user [, user] */
SqlNode CairnRevoke() :
{
    final Span s;
    final List<SqlNode> privileges = new ArrayList<SqlNode>();
    final Object[] target = {null, null, null};
    final List<SqlNode> users = new ArrayList<SqlNode>();
    SqlUserSpec user;
}
{
    <REVOKE> { s = span(); }
    CairnPrivilege(privileges) ( <COMMA> CairnPrivilege(privileges) )*
    <ON> CairnGrantTarget(target)
    <FROM> user = CairnUserName() { users.add(user); }
    ( <COMMA> user = CairnUserName() { users.add(user); } )*
    {
        return new SqlGrant(s.end(this), true, new SqlNodeList(privileges, s.end(this)),
            (SqlGrant.Level) target[0], (SqlIdentifier) target[1], (SqlIdentifier) target[2],
            new SqlNodeList(users, s.end(this)), false);
    }
}
