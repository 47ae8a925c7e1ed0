package io.cairn.sql.parser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every statement family of the grammar survives parse → unparse → parse unchanged. */
class MySqlParserRoundTripTest {
  private final MySqlParser parser = new MySqlParser();

  @ParameterizedTest
  @ValueSource(strings = {
      "USE test",
      "USE `my db`",
  })
  void use(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SHOW DATABASES",
      "SHOW SCHEMAS LIKE 'te%'",
      "SHOW TABLES",
      "SHOW TABLES FROM db1",
      "SHOW TABLES IN db1 LIKE 't%'",
      "SHOW FULL TABLES FROM db1 WHERE Table_type = 'VIEW'",
      "SHOW COLUMNS FROM t1",
      "SHOW FULL COLUMNS FROM t1 FROM db1 LIKE 'a%'",
      "SHOW FIELDS IN db1.t1",
      "SHOW INDEX FROM t1",
      "SHOW INDEXES IN t1 FROM db1",
      "SHOW KEYS FROM t1 WHERE Key_name = 'PRIMARY'",
      "SHOW CREATE TABLE db1.t1",
      "SHOW CREATE DATABASE db1",
      "SHOW VARIABLES",
      "SHOW VARIABLES LIKE 'sql_mode'",
      "SHOW GLOBAL VARIABLES WHERE Variable_name = 'version'",
      "SHOW SESSION VARIABLES LIKE 'auto%'",
      "SHOW STATUS",
      "SHOW GLOBAL STATUS LIKE 'Uptime'",
      "SHOW WARNINGS",
      "SHOW ERRORS",
      "SHOW PROCESSLIST",
      "SHOW FULL PROCESSLIST",
      "SHOW COLLATION",
      "SHOW COLLATION LIKE 'utf8%'",
      "SHOW CHARACTER SET",
      "SHOW CHARSET WHERE Charset = 'utf8mb4'",
      "SHOW ENGINES",
      "SHOW STORAGE ENGINES",
      "DESCRIBE t1",
      "DESC db1.t1 a",
      "EXPLAIN t1 'a%'",
  })
  void show(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SET autocommit = 1",
      "SET autocommit = ON",
      "SET sql_mode = 'STRICT_TRANS_TABLES'",
      "SET GLOBAL max_connections = 100",
      "SET SESSION sql_mode = DEFAULT, LOCAL time_zone = '+00:00'",
      "SET @@global.max_allowed_packet = 1024 * 1024",
      "SET @@session.autocommit = OFF",
      "SET @@sql_select_limit = DEFAULT",
      "SET @a = 1, @b = @a + 1",
      "SET @`weird name` = 'x'",
      "SET @x = (SELECT 1)",
      "SET NAMES utf8mb4",
      "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'",
      "SET NAMES DEFAULT",
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
      "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
      "SET GLOBAL TRANSACTION READ ONLY",
      "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE",
      "SET TRANSACTION READ WRITE, ISOLATION LEVEL READ UNCOMMITTED",
  })
  void set(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "BEGIN",
      "BEGIN WORK",
      "START TRANSACTION",
      "START TRANSACTION READ ONLY",
      "START TRANSACTION READ WRITE",
      "START TRANSACTION WITH CONSISTENT SNAPSHOT",
      "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
      "COMMIT",
      "COMMIT WORK",
      "ROLLBACK",
      "ROLLBACK WORK",
  })
  void transactions(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM t AS OF TIMESTAMP '2024-05-06 07:08:09'",
      "SELECT * FROM t AS OF TIMESTAMP NOW() - INTERVAL 5 SECOND WHERE a = 1",
      "SELECT x.a FROM db1.t x AS OF TIMESTAMP ?",
      "SELECT x.a FROM t AS OF TIMESTAMP NOW() AS x",
      "SELECT * FROM t AS OF TIMESTAMP TIDB_BOUNDED_STALENESS(NOW() - INTERVAL 10 SECOND, NOW())",
      "SELECT * FROM t AS OF TIMESTAMP NOW(), u AS OF TIMESTAMP NOW() WHERE t.a = u.a",
      "SELECT * FROM t AS OF TIMESTAMP NOW() JOIN u AS OF TIMESTAMP NOW() ON t.a = u.a ORDER BY 1 LIMIT 3",
      "SELECT * FROM t AS OF TIMESTAMP NOW() FOR UPDATE",
      "START TRANSACTION READ ONLY AS OF TIMESTAMP '2024-05-06 07:08:09'",
      "START TRANSACTION READ ONLY AS OF TIMESTAMP NOW() - INTERVAL 5 SECOND, WITH CONSISTENT SNAPSHOT",
      "SET TRANSACTION READ ONLY AS OF TIMESTAMP NOW() - INTERVAL 1 MINUTE",
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY AS OF TIMESTAMP ?",
  })
  void staleReads(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE DATABASE d1",
      "CREATE SCHEMA IF NOT EXISTS d1",
      "CREATE DATABASE d1 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
      "CREATE DATABASE d1 CHARSET = latin1",
      "DROP DATABASE d1",
      "DROP SCHEMA IF EXISTS d1",
  })
  void databases(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE t1 (a INT)",
      "CREATE TABLE IF NOT EXISTS db1.t1 (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64))",
      "CREATE TABLE t (a TINYINT, b SMALLINT(6) UNSIGNED ZEROFILL, c MEDIUMINT, d INT(11), e INTEGER, f BIGINT(20) UNSIGNED)",
      "CREATE TABLE t (a BOOLEAN, b BOOL, c DECIMAL(10,2), d DECIMAL(10), e NUMERIC, f FLOAT, g FLOAT(7,3) UNSIGNED, h DOUBLE, i DOUBLE PRECISION, j REAL)",
      "CREATE TABLE t (a CHAR, b CHAR(10), c VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, d TEXT, e TINYTEXT, f MEDIUMTEXT, g LONGTEXT CHARSET latin1)",
      "CREATE TABLE t (a BINARY(16), b VARBINARY(100), c BLOB, d TINYBLOB, e MEDIUMBLOB, f LONGBLOB, g BIT(8))",
      "CREATE TABLE t (a DATE, b DATETIME, c DATETIME(6), d TIMESTAMP, e TIMESTAMP(3), f TIME, g TIME(2), h YEAR, i YEAR(4), j JSON)",
      "CREATE TABLE t (a ENUM('x', 'y''z'), b SET('p', 'q'))",
      "CREATE TABLE t (a INT NULL DEFAULT NULL, b INT NOT NULL DEFAULT 0, c INT DEFAULT -1, d VARCHAR(10) DEFAULT 'x' COMMENT 'the d')",
      "CREATE TABLE t (a TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, b DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3))",
      "CREATE TABLE t (a INT DEFAULT (1 + 2), b DOUBLE DEFAULT 1.5, c BOOLEAN DEFAULT TRUE)",
      "CREATE TABLE t (a INT UNIQUE, b INT UNIQUE KEY, c INT KEY, d VARCHAR(5) COLLATE utf8mb4_bin)",
      "CREATE TABLE t (a INT, b INT, c VARCHAR(100), PRIMARY KEY (a), UNIQUE KEY uk (b), KEY idx_c (c(10)), INDEX (b, a DESC))",
      "CREATE TABLE t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a, b), CONSTRAINT u1 UNIQUE (b), UNIQUE INDEX u2 (a))",
      "CREATE TABLE t (a INT) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_general_ci COMMENT = 'hello' AUTO_INCREMENT = 100",
      "CREATE TABLE t (a INT) ENGINE=InnoDB, CHARACTER SET utf8, AUTO_INCREMENT 5",
      "CREATE TABLE `select` (`from` INT, `a``b` INT)",
      "DROP TABLE t1",
      "DROP TABLE IF EXISTS t1, db2.t2",
      "TRUNCATE t1",
      "TRUNCATE TABLE db1.t1",
      "CREATE INDEX i1 ON t1 (a)",
      "CREATE UNIQUE INDEX i1 ON db.t1 (a, b(4) DESC)",
      "DROP INDEX i1 ON t1",
      "ALTER TABLE t1 ADD COLUMN c INT NOT NULL DEFAULT 0",
      "ALTER TABLE t1 ADD c INT FIRST, ADD d INT AFTER c",
      "ALTER TABLE t1 ADD (e INT, f VARCHAR(3))",
      "ALTER TABLE t1 DROP COLUMN c, DROP d",
      "ALTER TABLE t1 ADD INDEX i1 (a), ADD UNIQUE KEY u1 (b), ADD PRIMARY KEY (c), ADD CONSTRAINT u2 UNIQUE (d)",
      "ALTER TABLE t1 DROP INDEX i1, DROP KEY u1, DROP PRIMARY KEY",
      "ALTER TABLE t1 RENAME TO t2",
      "ALTER TABLE t1 RENAME db2.t2",
      "RENAME TABLE a TO b",
      "RENAME TABLE a TO b, c TO db.d",
      "CREATE VIEW v AS SELECT a FROM t",
      "CREATE OR REPLACE VIEW v (x, y) AS SELECT a, b FROM t WHERE a > 1",
      "DROP VIEW v",
      "DROP VIEW IF EXISTS v1, v2",
  })
  void ddl(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO t VALUES (1, 'a')",
      "INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b')",
      "INSERT t VALUES (1)",
      "INSERT IGNORE INTO t (a) VALUES (1)",
      "INSERT INTO t (a, b) SELECT x, y FROM s WHERE x > 0",
      "INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1, a = a",
      "INSERT INTO t SELECT * FROM s ON DUPLICATE KEY UPDATE c = 3",
      "INSERT INTO t SET a = 1, b = 'x'",
      "INSERT INTO t SET a = DEFAULT",
      "INSERT INTO t (a) VALUES (DEFAULT)",
      "INSERT INTO t VALUES (?, ?)",
      "REPLACE INTO t VALUES (1, 2)",
      "REPLACE t (a) SELECT 1",
      "UPDATE t SET a = 1",
      "UPDATE t SET a = a + 1, b = DEFAULT WHERE id = 3",
      "UPDATE db.t AS x SET x.a = 1 WHERE x.b IN (SELECT b FROM s)",
      "UPDATE t SET a = 1 WHERE b > 2 ORDER BY c DESC, d LIMIT 10",
      "UPDATE t SET a = 1 LIMIT ?",
      "DELETE FROM t",
      "DELETE FROM t WHERE a = 1",
      "DELETE FROM t WHERE a > 1 ORDER BY a LIMIT 5",
      "DELETE FROM db.t AS x WHERE x.a IS NULL",
      "UPDATE t1, t2 SET t1.a = t2.a",
      "UPDATE t1 AS x INNER JOIN db.t2 AS y ON x.id = y.id LEFT JOIN t3 ON t3.k = y.k SET x.a = y.b + ?, b = DEFAULT WHERE y.c > ?",
      "DELETE t1, y FROM t1 INNER JOIN t2 AS y ON t1.id = y.id WHERE y.a = 1",
      "DELETE t1.*, t2.* FROM t1, t2 WHERE t1.id = t2.id",
      "DELETE FROM t1, t2 USING t1 INNER JOIN t2 ON t1.id = t2.id",
  })
  void dml(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "SELECT a, b FROM t WHERE a = 1 ORDER BY b LIMIT 10",
      "SELECT * FROM t LIMIT 5, 10",
      "SELECT * FROM t LIMIT 10 OFFSET 5",
      "SELECT * FROM t WHERE id = 1 FOR UPDATE",
      "SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT",
      "SELECT * FROM t FOR UPDATE SKIP LOCKED",
      "SELECT * FROM t FOR SHARE",
      "SELECT * FROM t LOCK IN SHARE MODE",
      "SELECT * FROM t WHERE a = 1 LIMIT 1 FOR UPDATE",
      "SELECT @@version, @@global.sql_mode, @@session.autocommit, @@SESSION.tx_isolation",
      "SELECT @a, @a + 1, @`x y`",
      "SELECT `a`.`b` FROM `db`.`a` AS `a` JOIN b ON a.x = b.y",
      "SELECT 'it''s', \"dq\", 'a\\nb', 'back\\\\slash', 'q\\'s'",
      "SELECT 'a' 'b' \"c\"",
      "SELECT x'4142'",
      "SELECT COUNT(*), SUM(a) FROM t GROUP BY b HAVING COUNT(*) > 1",
      "SELECT a FROM t UNION ALL SELECT b FROM s",
      "SELECT CASE WHEN a > 0 THEN 'p' ELSE 'n' END FROM t",
      "SELECT CAST(a AS CHAR) FROM t",
      "SELECT a FROM t WHERE b LIKE 'x\\_%'",
      "SELECT IF(a > 0, 1, 2) FROM t",
      "SELECT status, tables, comment FROM t",
      "SELECT a <=> b, 7 DIV 2, 7 MOD 2, a XOR b, c REGEXP '^x', c NOT REGEXP 'y' FROM t",
  })
  void queries(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "EXPLAIN SELECT * FROM t",
      "EXPLAIN ANALYZE SELECT * FROM t WHERE a = 1",
      "EXPLAIN FORMAT = 'json' SELECT 1",
      "EXPLAIN FORMAT = brief INSERT INTO t VALUES (1)",
      "DESCRIBE SELECT 1",
      "DESC UPDATE t SET a = 1",
      "EXPLAIN DELETE FROM t WHERE a = 1",
      "EXPLAIN (SELECT 1)",
      "KILL 12",
      "KILL CONNECTION 12",
      "KILL QUERY 12",
      "ADMIN CHECK TABLE t",
      "ADMIN CHECK TABLE t1, db.t2",
  })
  void administration(String sql) {
    RoundTrip.check(parser, sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE USER 'u'@'h'",
      "CREATE USER u",
      "CREATE USER IF NOT EXISTS 'u'@'%' IDENTIFIED BY 'pw'",
      "CREATE USER u@localhost IDENTIFIED WITH caching_sha2_password BY 'p''w', 'v'@'10.0.%'",
      "CREATE USER 'u'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'",
      "CREATE USER \"u\"@\"h\" IDENTIFIED WITH mysql_native_password",
      "CREATE USER 'u'@127.0.0.1",
      "CREATE USER 'u'@`my host`",
      "ALTER USER 'u'@'%' IDENTIFIED BY 'new'",
      "ALTER USER IF EXISTS u IDENTIFIED WITH caching_sha2_password BY 'x'",
      "DROP USER 'u'@'h'",
      "DROP USER IF EXISTS u, 'v'@'localhost'",
      "RENAME USER 'a'@'%' TO 'b'@'%', c TO d@localhost",
      "SET PASSWORD = 'pw'",
      "SET PASSWORD FOR 'u'@'%' = 'pw'",
      "GRANT SELECT ON *.* TO 'u'@'%'",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON db.* TO u, 'v'@'h' WITH GRANT OPTION",
      "GRANT ALL PRIVILEGES ON db.t TO u",
      "GRANT ALL ON * TO u",
      "GRANT CREATE, DROP, ALTER, INDEX ON TABLE t TO u",
      "GRANT CREATE USER, PROCESS, SUPER ON *.* TO u",
      "GRANT USAGE ON *.* TO u",
      "GRANT GRANT OPTION ON `my db`.* TO u",
      "REVOKE SELECT ON db.* FROM u",
      "REVOKE ALL PRIVILEGES, GRANT OPTION ON db.t FROM 'u'@'%', v",
      "SHOW GRANTS",
      "SHOW GRANTS FOR 'u'@'%'",
      "SHOW GRANTS FOR CURRENT_USER",
      "SHOW GRANTS FOR CURRENT_USER()",
  })
  void accounts(String sql) {
    RoundTrip.check(parser, sql);
  }
}
