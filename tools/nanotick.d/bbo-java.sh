#!/usr/bin/env bash
# summary: (called by `nanotick bbo --engine java`) top-of-book CSV with the Java book engine
#   bash tools/nanotick.d/bbo-java.sh --in FILE --out OUT.csv [--trades T.csv] [--port P] [--stats]
# Builds java/book (and java/itch) with Maven on first use, or when a source is
# newer than the jar; then runs io.nanotick.book.BboMain with the JDK 25 found by
# tools/lib/common.sh and the flags of java/jvm.properties.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
nt_use_jdk

JAR="$NT_ROOT/java/book/target/nanotick-book-0.1.0-SNAPSHOT.jar"
LIB="$NT_ROOT/java/book/target/lib"

stale() {
    [ -f "$JAR" ] && [ -f "$LIB/nanotick-itch-0.1.0-SNAPSHOT.jar" ] || return 0
    [ -n "$(find "$NT_ROOT/java/itch/src/main" "$NT_ROOT/java/book/src/main" \
        "$NT_ROOT/java/itch/pom.xml" "$NT_ROOT/java/book/pom.xml" "$NT_ROOT/pom.xml" \
        -newer "$JAR" -print -quit 2>/dev/null)" ]
}

if stale; then
    mkdir -p "$NT_BUILD"
    (
        flock 9
        if stale; then
            nt_log "bbo-java: building java/book (mvn -pl java/book -am package)"
            nt_mvn -pl java/book -am package -DskipTests >&2 \
                || nt_die "bbo-java: Maven build of java/book failed"
            touch "$JAR"
        fi
    ) 9>"$NT_BUILD/.bbo-java.lock"
fi

# shellcheck disable=SC2046
exec "$JAVA_HOME/bin/java" $(nt_jvm_flags) \
    -cp "$JAR:$LIB/*" io.nanotick.book.BboMain "$@"
