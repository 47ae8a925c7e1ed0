package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.types.FieldType;

/** A column of a {@link TableSource}: its name as the table defines it and its MySQL type. */
public record TableColumn(String name, FieldType type) {}
