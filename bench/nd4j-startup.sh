#!/usr/bin/env bash
# What ND4J's start-up costs a command that does not need it: `orrery simulate` of a Java simulator
# (two_moons, 100 simulations) with the default lazy ND4J (A) against ORRERY_ND4J=eager (B, the old
# behaviour: ND4J initialised at every host start), side by side with farm-bench (A/B pair by pair).
# Needs the distribution: mvn -q -B install -DskipTests (framework/cli/target/orrery).
set -euo pipefail
cd "$(dirname "$0")/.."
orrery="$PWD/framework/cli/target/orrery/bin/orrery"
[ -x "$orrery" ] || { echo "build the distribution first: mvn -q -B install -DskipTests" >&2; exit 2; }
runs=${RUNS:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmd="rm -f $tmp/b.h5; exec $orrery simulate --simulator two_moons --num 100 --seed 1 --workers 1 --out $tmp/b.h5"
farm-bench -n "$runs" --timeout 600 --vs "sh -c 'export ORRERY_ND4J=eager; $cmd'" -- sh -c "export ORRERY_ND4J=lazy; $cmd"
