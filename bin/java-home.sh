# Sourced by the launchers and .ci/run: selects the newest JDK >= 21 on the machine
# (Temurin 25 under /usr/lib/jvm on the project's machines) unless JAVA_HOME already
# points at one.
cairn_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p' | head -n1
}
cairn_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local m; m=$(cairn_java_major "$JAVA_HOME")
    if [ "${m:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME; return 0; fi
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/ /opt/java/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(cairn_java_major "$dir")
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then best=$dir; best_major=$major; fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "cairn: needs a JDK >= 21 (found none under /usr/lib/jvm)" >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
