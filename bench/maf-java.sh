#!/usr/bin/env bash
# Runs a bench class of posteriors/maf's test sources on a private copy of its classes and jars, so
# that a long run does not break when the module is rebuilt meanwhile. Used by maf-accuracy.sh and
# maf-heldout.sh. Usage: bench/maf-java.sh CLASS [key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
main=$1
shift
mvn -o -q -B -pl posteriors/maf test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B -pl posteriors/maf dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
mkdir -p "$work/jars"
cp -r posteriors/maf/target/test-classes "$work/test-classes"
cp -r posteriors/maf/target/classes "$work/classes"
cp_copy="$work/test-classes:$work/classes"
IFS=: read -ra jars < "$work/cp" || true  # the file has no final newline
for j in "${jars[@]}"; do
  c="$work/jars/$(printf '%s' "$j" | md5sum | cut -c1-8)-$(basename "$j")"
  cp "$j" "$c"
  cp_copy="$cp_copy:$c"
done
java -Xmx3g -cp "$cp_copy" "$main" "$@"
