#!/usr/bin/env bash
# Replays the expressions of mysql-cases.tsv against a local MariaDB/MySQL server (`mysql` client,
# default credentials) with the session the tests use (MySQL 8 default sql_mode, utf8mb4_general_ci,
# UTC, NOW() = 2024-05-17 12:34:56.789), and prints each case whose server result differs from
# the expected column. Rows marked "mysql8" in the note column are where MySQL 8 and MariaDB are
# known to differ, rows marked "differs" where the evaluator knowingly departs from both; they are
# reported separately.
# Usage: mariadb-replay.sh [cases-file]          (with "--emit": print expr<TAB>result<TAB>warnings)
set -uo pipefail
cases="${1:-$(dirname "$0")/mysql-cases.tsv}"
emit="${2:-}"
setup="SET NAMES utf8mb4 COLLATE utf8mb4_general_ci; SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO'; SET time_zone='+00:00'; SET timestamp=1715949296.789;"
same=0; diff=0; known=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  # split by hand: read would merge the empty warnings column into its neighbours
  expr=${line%%$'\t'*}; rest=${line#*$'\t'}
  expected=${rest%%$'\t'*}; rest=${rest#*$'\t'}
  warnings=${rest%%$'\t'*}; note=${rest#*$'\t'}
  out=$(mysql -N -B -r -e "$setup SELECT $expr; SHOW WARNINGS;" 2>&1)
  if [[ "$out" == ERROR* ]]; then
    result="ERROR $(sed -E 's/^ERROR ([0-9]+).*/\1/' <<<"$out" | head -1)"; codes=""
  else
    result=$(head -1 <<<"$out")
    codes=$(tail -n +2 <<<"$out" | awk -F'\t' '{print $2}' | paste -sd, -)
  fi
  if [[ -n "$emit" ]]; then printf '%s\t%s\t%s\n' "$expr" "$result" "$codes"; continue; fi
  if [[ "$result" == "$expected" && "$codes" == "$warnings" ]]; then
    same=$((same+1))
  elif [[ "$note" == mysql8* || "$note" == differs* ]]; then
    known=$((known+1)); printf 'KNOWN  %s\n       expected %s [%s], server %s [%s]  (%s)\n' "$expr" "$expected" "$warnings" "$result" "$codes" "$note"
  else
    diff=$((diff+1)); printf 'DIFF   %s\n       expected %s [%s], server %s [%s]\n' "$expr" "$expected" "$warnings" "$result" "$codes"
  fi
done < "$cases"
[[ -n "$emit" ]] || echo "same=$same known-differences=$known unexpected=$diff"
