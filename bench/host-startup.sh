#!/usr/bin/env bash
# Host start-to-ready time with the built-in plugins (ND4J init reported separately).
# Uses the distribution when it has been built, otherwise the host module's class path and the
# benchmark simulators jar. Extra arguments go to HostStartupBench (e.g. --runs 10 or more dirs).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=framework/cli/target/orrery
if [ -d "$dist/lib" ] && [ -d "$dist/plugins" ]; then
  exec java -cp "$dist/lib/*" org.orrery.host.HostStartupBench "$dist/plugins" "$@"
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
java -cp "$host_jar:$(cat "$cpfile")" org.orrery.host.HostStartupBench "$plugins" "$@"
