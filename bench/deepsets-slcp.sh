#!/usr/bin/env bash
# deepsets on slcp (issue 13): slcp's observation is 4 iid 2-D points; nsf with a deepsets embedding
# (the 8 values as a set of 4 points, sbi's PermutationInvariantEmbedding) against plain nsf, both
# scored by C2ST against the reference posterior (sbibm's classifier; 0.5 = indistinguishable).
# Usage: bench/deepsets-slcp.sh [sizes=10000] [obs=10] [samples=10000] [seed=1]
# (the two arms are independent: running the two lines below as two processes side by side halves the wall time)
# Each arm is one MafAccuracyBench run (same training sets, observations and reference samples).
set -euo pipefail
here="$(dirname "$0")"
args=(tasks=slcp floor=false "$@")
echo "== nsf without an embedding"
"$here/maf-java.sh" org.orrery.posteriors.maf.bench.MafAccuracyBench estimator=nsf "${args[@]}"
echo "== nsf with embedding=deepsets (set of 4 points of 2 values, 8 summaries)"
"$here/maf-java.sh" org.orrery.posteriors.maf.bench.MafAccuracyBench estimator=nsf \
  config=embedding:deepsets,embedding_set_size:4,embedding_summaries:8,embedding_hidden:64 "${args[@]}"
