# shellcheck shell=bash
# Sourced by every tools/ script: locates the repository, the JDK and the venv.
# Does no installing itself (tools/setup does).

NT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NT_ROOT
export NT_BUILD="$NT_ROOT/build"
export NT_VENV="$NT_ROOT/.venv"

nt_die() { echo "nanotick: $*" >&2; exit 2; }
nt_log() { echo "nanotick: $*" >&2; }

# Find a JDK 25+: $JAVA_HOME first, then /usr/lib/jvm/*.  Prints its home.
nt_find_jdk() {
    local cand v
    for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
        v=$("$cand/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
        v=${v%%.*}
        if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    return 1
}

nt_use_jdk() {
    local home
    home=$(nt_find_jdk) || nt_die "no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*).
  Install one, e.g. Temurin 25 (apt package temurin-25-jdk from Adoptium), then set JAVA_HOME or put it under /usr/lib/jvm."
    export JAVA_HOME="$home"
    export PATH="$JAVA_HOME/bin:$PATH"
}

# JVM flags, from the one place they are defined.
nt_jvm_flags() {
    sed -n 's/^nt\.jvm\.flags=//p' "$NT_ROOT/java/jvm.properties"
}

# Maven, quiet and batch, with the JDK found above.
nt_mvn() {
    (cd "$NT_ROOT" && mvn -B -q -Dstyle.color=never "$@")
}
