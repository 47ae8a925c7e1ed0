package io.cairn.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.codec.ColumnType;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SqlTypeTest {

  @Test
  void mapsToCodecAndProtocolTypes() {
    assertThat(SqlType.integer().columnType()).isEqualTo(ColumnType.INT64);
    assertThat(SqlType.bigint().withUnsigned().columnType()).isEqualTo(ColumnType.UINT64);
    assertThat(SqlType.decimal(10, 2).columnType()).isEqualTo(ColumnType.decimal(10, 2));
    assertThat(SqlType.temporal(TypeKind.TIMESTAMP, 3).columnType())
        .isEqualTo(ColumnType.timestamp(3));
    assertThat(SqlType.temporal(TypeKind.TIME, 1).columnType()).isEqualTo(ColumnType.duration(1));
    assertThat(SqlType.of(TypeKind.JSON).columnType()).isEqualTo(ColumnType.BYTES);
    assertThat(SqlType.of(TypeKind.YEAR).columnType()).isEqualTo(ColumnType.INT64);

    assertThat(SqlType.of(TypeKind.MEDIUMINT).mysqlType()).isEqualTo(MysqlType.INT24);
    assertThat(SqlType.varchar(3).mysqlType()).isEqualTo(MysqlType.VAR_STRING);
    assertThat(SqlType.charType(3).mysqlType()).isEqualTo(MysqlType.STRING);
    assertThat(SqlType.of(TypeKind.MEDIUMTEXT).mysqlType()).isEqualTo(MysqlType.BLOB);
    assertThat(SqlType.decimal(5, 1).mysqlType()).isEqualTo(MysqlType.NEWDECIMAL);
    assertThat(SqlType.of(TypeKind.JSON).mysqlType()).isEqualTo(MysqlType.JSON);

    assertThat(SqlType.integer().withUnsigned().protocolFlags())
        .isEqualTo(ColumnMetadata.UNSIGNED_FLAG | ColumnMetadata.NUM_FLAG
            | ColumnMetadata.BINARY_FLAG);
    assertThat(SqlType.of(TypeKind.BLOB).protocolFlags() & ColumnMetadata.BLOB_FLAG).isNotZero();
    assertThat(SqlType.varchar(10).protocolFlags()).isZero();
    assertThat(SqlType.varchar(10).displayLength()).isEqualTo(40);
    assertThat(SqlType.decimal(10, 2).displayLength()).isEqualTo(12);
    assertThat(SqlType.integer().displayLength()).isEqualTo(11);
    assertThat(SqlType.temporal(TypeKind.DATETIME, 3).displayLength()).isEqualTo(23);
    assertThat(SqlType.of(TypeKind.DOUBLE).protocolDecimals()).isEqualTo(31);
    assertThat(SqlType.varchar(1).protocolCollationId("utf8mb4_general_ci")).isEqualTo(45);
    assertThat(SqlType.integer().protocolCollationId("utf8mb4_general_ci")).isEqualTo(63);
  }

  @Test
  void rangesAndSqlText() {
    assertThat(SqlType.of(TypeKind.TINYINT).minInteger()).isEqualTo(BigInteger.valueOf(-128));
    assertThat(SqlType.of(TypeKind.MEDIUMINT).withUnsigned().maxInteger())
        .isEqualTo(BigInteger.valueOf(16777215));
    assertThat(SqlType.bigint().withUnsigned().maxInteger())
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(SqlType.varchar(7).maxLength()).isEqualTo(7);
    assertThat(SqlType.of(TypeKind.TEXT).maxLength()).isEqualTo(65535);
    assertThat(SqlType.integer().withUnsigned().toSql()).isEqualTo("int unsigned");
    assertThat(SqlType.bool().toSql()).isEqualTo("tinyint(1)");
    assertThat(SqlType.decimal(10, 2).toSql()).isEqualTo("decimal(10,2)");
    assertThat(SqlType.temporal(TypeKind.DATETIME, 6).toSql()).isEqualTo("datetime(6)");
    assertThat(new SqlType(TypeKind.INT, 4, 0, false, true).toSql())
        .isEqualTo("int unsigned zerofill");
  }

  @Test
  void rejectsImpossibleTypes() {
    assertThatThrownBy(() -> SqlType.decimal(66, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlType.decimal(5, 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlType.varchar(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlType.temporal(TypeKind.TIME, 7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlType.varchar(3).withUnsigned())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void columnMetadataCarriesKeyFlags() {
    TableInfo t = MetaCodecTest.sampleTable();
    ColumnMetadata id = t.columnMetadata("db", t.requireColumn("id"));
    assertThat(id.type()).isEqualTo(MysqlType.LONGLONG);
    assertThat(id.flags()).isEqualTo(ColumnMetadata.NOT_NULL_FLAG | ColumnMetadata.PRI_KEY_FLAG
        | ColumnMetadata.AUTO_INCREMENT_FLAG | ColumnMetadata.UNSIGNED_FLAG
        | ColumnMetadata.NUM_FLAG | ColumnMetadata.BINARY_FLAG);
    assertThat(id.orgTable()).isEqualTo("Tbl");
    ColumnMetadata c5 = t.columnMetadata("db", t.requireColumn("c5"));
    assertThat(c5.type()).isEqualTo(MysqlType.VAR_STRING);
    assertThat(c5.collationId()).isEqualTo(ColumnMetadata.COLLATION_UTF8MB4_BIN);
    // Index "k" on c5 is not yet readable, so it does not mark the column.
    assertThat(c5.flags()).isZero();
  }
}
