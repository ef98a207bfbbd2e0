#!/usr/bin/env bash
# Host start-to-ready time with the built-in plugins (ND4J init reported separately).
# HostStartupBench lives in the host module's test classes (it is not shipped): build them first with
#   mvn -q -B -pl framework/host -am install -DskipTests && mvn -q -B -pl framework/host test-compile
# Uses the distribution's class path and plugins when it has been built, otherwise the host module's
# class path and the benchmark simulators jar. Extra arguments go to HostStartupBench
# (e.g. --runs 10, --nd4j eager, or more plugin dirs).
set -euo pipefail
cd "$(dirname "$0")/.."
bench_classes=framework/host/target/test-classes
if [ ! -f "$bench_classes/org/orrery/host/HostStartupBench.class" ]; then
  echo "build the bench first: mvn -q -B -pl framework/host test-compile" >&2
  exit 2
fi
dist=framework/cli/target/orrery
if [ -d "$dist/lib" ] && [ -d "$dist/plugins" ]; then
  exec java -cp "$bench_classes:$dist/lib/*" org.orrery.host.HostStartupBench "$dist/plugins" "$@"
fi
host_jar=$(ls framework/host/target/orrery-host-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)
sims=$(ls simulators/benchmarks/target/orrery-benchmark-simulators-*.jar 2>/dev/null | head -1 || true)
if [ -z "$host_jar" ] || [ -z "$sims" ]; then
  echo "build first: mvn -q -B -pl framework/host,simulators/benchmarks install -DskipTests" >&2
  exit 2
fi
cpfile=$(mktemp)
plugins=$(mktemp -d)
trap 'rm -rf "$cpfile" "$plugins"' EXIT
mvn -q -B -o dependency:build-classpath -pl framework/host -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null
cp "$sims" "$plugins/"
java -cp "$bench_classes:$host_jar:$(cat "$cpfile")" org.orrery.host.HostStartupBench "$plugins" "$@"
