# Sourced by the launchers: builds a module (and what it needs) when its sources are newer
# than its build, then runs a main class on the module's runtime classpath.
#   cairn_launch MODULE MAIN_CLASS [ARGS...]
. "$(dirname "${BASH_SOURCE[0]}")/java-home.sh"

cairn_launch() {
  local module=$1 main=$2
  shift 2
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cairn_select_jdk || exit 1
  local cp_file="$root/$module/target/runtime-classpath.txt"
  local stamp="$root/$module/target/launch.stamp"
  if [ ! -f "$stamp" ] || [ -n "$(find "$root" -path '*/src/main/*' -newer "$stamp" -print -quit 2>/dev/null)" ] \
      || [ -n "$(find "$root" -name pom.xml -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    echo "cairn: building $module (JAVA_HOME=$JAVA_HOME) ..." >&2
    (cd "$root" && mvn -B -q -ntp -pl "$module" -am package -DskipTests \
        dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt \
        -Dmdep.includeScope=runtime) >&2 || { echo "cairn: build failed" >&2; exit 1; }
    touch "$stamp"
  fi
  local cp; cp="$root/$module/target/classes:$(cat "$cp_file")"
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${CAIRN_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
