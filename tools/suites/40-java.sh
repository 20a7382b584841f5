# JUnit 5 via Maven Surefire over every module of the root pom.
set -uo pipefail
cd "$NT_ROOT"
find java -path '*/target/surefire-reports' -type d -prune -exec rm -rf {} + 2>/dev/null
mvn -B -Dstyle.color=never verify
rc=$?
python3 "$NT_ROOT/tools/lib/junit_count.py" $(find java -path '*/target/surefire-reports' -type d) > "$NT_RESULT"
exit $rc
