package io.cairn.sql.parser;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * MySQL infix operators Calcite's standard table lacks, as the parser builds them. {@code DIV}
 * binds like {@code /}. MySQL ranks {@code XOR} between {@code AND} and {@code OR}, but Calcite
 * precedences are even numbers and OR / AND are 22 / 24, so XOR shares OR's level: {@code a XOR
 * b AND c} groups as in MySQL, while an unparenthesised {@code a OR b XOR c} groups left to right
 * ({@code (a OR b) XOR c}) where MySQL reads {@code a OR (b XOR c)}. ({@code <=>} parses to IS NOT DISTINCT FROM, {@code MOD} to {@code %}
 * and {@code REGEXP} to RLIKE, which Calcite already has.) Their evaluation is the operator
 * table's and the evaluator's business; here they only carry syntax. Immutable singletons.
 */
public final class MySqlOperators {
  private MySqlOperators() {}

  /** {@code a DIV b}: integer division. */
  public static final SqlBinaryOperator DIV = new SqlBinaryOperator("DIV", SqlKind.OTHER, 60, true,
      ReturnTypes.BIGINT_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.NUMERIC_NUMERIC);

  /** {@code a XOR b}: logical exclusive or. */
  public static final SqlBinaryOperator XOR = new SqlBinaryOperator("XOR", SqlKind.OTHER, 22, true,
      ReturnTypes.BOOLEAN_NULLABLE, InferTypes.BOOLEAN, OperandTypes.BOOLEAN_BOOLEAN);

  /**
   * {@code expr COLLATE name}: the string value of {@code expr} compared under {@code name}. The
   * right operand is the collation's name as a character literal. It binds tighter than every
   * other operator, as in MySQL.
   */
  public static final SqlBinaryOperator COLLATE = new SqlBinaryOperator("COLLATE", SqlKind.OTHER, 100, true,
      ReturnTypes.ARG0_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
}
