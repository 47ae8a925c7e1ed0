/** A conformance runner for SQLite's sqllogictest format, over JDBC and in-process, run as engine mysql. */
package io.cairn.slt;
