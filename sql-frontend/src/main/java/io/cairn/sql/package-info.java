/** The SQL layer on Apache Calcite: MySQL grammar, catalog and DDL, planning with coprocessor pushdown, execution, sessions and transactions. */
package io.cairn.sql;
