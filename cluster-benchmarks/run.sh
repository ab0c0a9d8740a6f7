#!/usr/bin/env bash
# Runs every benchmark of ChunkCluster in one go and writes docs/benchmarks.md:
#   1. builds what is missing (mvn -B -q -DskipTests package at the root),
#   2. waits a little for a quiet machine (load average below QUIET_LOAD, at most QUIET_WAIT seconds),
#   3. the JMH pairs (library vs raw JDBC) and the db-scheduler peer, results as JSON (two passes, the order of each
#      pair's sides alternating),
#   4. the contention run (4 worker JVMs on one SQLite file, library vs raw JDBC vs the minimal queue),
#   5. the end-to-end run (explore --workers 2 vs explore --inline, first claim, worker memory) on the demo's sweep,
#      and the scaling run on the same sweep made heavier (--years 450, about 60 s of CPU inline): speed-up, CPU of all
#      processes, fixed cost, with the workload's and the machine's ceilings beside it,
#   5b. the PostgreSQL step (PostgresBenchRun; needs Debian's postgresql package), its section appended by
#       PostgresReport,
#   5c. with CHUNKCLUSTER_SCALE=1 only: ScaleRun, ten million chunks on both stores (SCALE_CHUNKS to change the size),
#   6. the report; its "At size" section (ScaleReport) is carried over from the file as it was when 5c did not run.
# Under 20 minutes on 2 cores (18 at 6061821): the quiet wait at most 1, JMH about 5, contention 3, end to end about 5
# (the scaling run 4 of them), PostgreSQL about 4; ScaleRun, when asked, about 8 more. Results stay in
# cluster-benchmarks/target/results, those of the run before in results.prev: the report compares the two runs' ratios.
#
# Environment: BUILD=auto|always|never (default auto), QUIET_LOAD (default 1.0), QUIET_WAIT (seconds, default 60),
# JMH_PASSES (default 2), JMH_ARGS (JMH options instead of each pair's own, e.g. "-f 1 -wi 1 -i 2" for a quick look),
# SKIP_E2E=1, E2E_RUNS (runs of each side on the demo's sweep, default 1), SCALE_YEARS (--years of the scaling run,
# default 450: about 60 s of CPU inline), SCALE_RUNS (default 2; 0 leaves the scaling run out), SKIP_POSTGRES=1,
# CHUNKCLUSTER_SCALE=1 and SCALE_CHUNKS,
# CHUNKCLUSTER_BENCH_DIR (where the benchmark databases go; about 1 GB, removed at the end).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
module="cluster-benchmarks"
jar="$module/target/benchmarks.jar"
examples_jar="cluster-examples/target/cluster-examples.jar"
results="$module/target/results"
started=$(date +%s)

log() { printf '[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# 1. build
build="${BUILD:-auto}"
needs_build=no
if [ "$build" = always ] || [ ! -f "$jar" ] || [ ! -f "$examples_jar" ]; then
  needs_build=yes
elif [ "$build" = auto ] && [ -n "$(find . -path ./.git -prune -o -path '*/src/main/*' -newer "$jar" -type f -print -quit)" ]; then
  needs_build=yes
fi
if [ "$build" != never ] && [ "$needs_build" = yes ]; then
  log "building (mvn -B -q -DskipTests package)"
  if ! mvn -B -q -DskipTests package; then
    log "the full build failed; building the benchmarks alone (the end-to-end step needs $examples_jar)"
    mvn -B -q -DskipTests -pl "$module" -am package
  fi
fi
[ -f "$jar" ] || { log "missing $jar"; exit 1; }

# 2. a quiet moment, if one comes soon: ratios within one run hold under noise, but quiet is better
quiet_load="${QUIET_LOAD:-1.0}"
quiet_wait="${QUIET_WAIT:-60}"
waited=0
while awk -v limit="$quiet_load" '{ exit !($1 > limit) }' /proc/loadavg 2>/dev/null && [ "$waited" -lt "$quiet_wait" ]; do
  [ "$waited" -eq 0 ] && log "load average $(cut -d' ' -f1-3 /proc/loadavg) above $quiet_load; waiting up to ${quiet_wait} s"
  sleep 10
  waited=$((waited + 10))
done
log "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# The results of the last complete run (its report step wrote durationSeconds) stay beside this run's, and the report
# says how far each ratio moved between the two; an unfinished run's are dropped.
previous="$module/target/results.prev"
if grep -q '^durationSeconds=' "$results/machine.properties" 2>/dev/null; then
  rm -rf "$previous"
  mv "$results" "$previous"
fi
rm -rf "$results"
mkdir -p "$results"
export CHUNKCLUSTER_BENCH_DIR="${CHUNKCLUSTER_BENCH_DIR:-$root/$module/target/bench-work}"
rm -rf "$CHUNKCLUSTER_BENCH_DIR"
mkdir -p "$CHUNKCLUSTER_BENCH_DIR"
trap 'rm -rf "$CHUNKCLUSTER_BENCH_DIR"' EXIT

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# docs/benchmarks.md is this script's own output: a run after a run is not a change to what is measured.
if [ -n "$(git status --porcelain -- . ':!docs/benchmarks.md' 2>/dev/null | grep -v '^??' | head -1)" ]; then
  commit="$commit (with uncommitted changes)"
fi
java -cp "$jar" dev.chunkcluster.benchmarks.RunInfo "$results/machine.properties" "commit=$commit"

# 3. JMH: the pairs and the peer, each benchmark in its own JMH run, two passes with the pair's order reversed in the
#    second, so that a change in the machine's load between the two sides of a pair is felt by both.
pairs=(
  "ClaimCompleteBenchmark claimCompleteLibrary claimCompleteRawJdbc claimCompleteMinimal"
  "ClaimBatchBenchmark claimBatch16Library claimBatch16RawJdbc claimBatch16Minimal"
  "StatusBenchmark statusLibrary statusRawJdbc"
  "StopResetBenchmark stopResetLibrary stopResetRawJdbc stopResetMinimal"
  "DrainBenchmark drain20kLibrary drain20kDbScheduler"
)
# Each pair's JMH options: one fork per pass (the two passes make two forks of each side), 10 to 12 measured
# iterations of each side in all, so that the median of a side moves less than a few per cent between two runs of
# this script. JMH_ARGS, when set, replace them (JMH refuses an option given twice).
declare -A jmh_options=(
  [ClaimCompleteBenchmark]="-f 1 -wi 2 -w 1s -i 6 -r 1s"
  [ClaimBatchBenchmark]="-f 1 -wi 2 -w 1s -i 6 -r 1s"
  [StatusBenchmark]="-f 1 -wi 2 -w 1s -i 6 -r 1s"
  [StopResetBenchmark]="-f 1 -wi 2 -w 2s -i 5 -r 2s"
  [DrainBenchmark]="-f 1 -wi 1 -i 5"
)
mkdir -p "$results/jmh"
log "JMH pairs and the db-scheduler peer (${JMH_PASSES:-2} passes)"
for pass in $(seq 1 "${JMH_PASSES:-2}"); do
  for pair in "${pairs[@]}"; do
    # A third method, where there is one, is the minimal queue of its own (MinimalQueue).
    read -r class first second third <<< "$pair"
    if [ $((pass % 2)) -eq 0 ]; then order="${third:-} $second $first"; else order="$first $second ${third:-}"; fi
    for method in $order; do
      # shellcheck disable=SC2086
      java -jar "$jar" "^dev\.chunkcluster\.benchmarks\.$class\.$method\$" -rf json \
        -rff "$results/jmh/pass$pass-$class-$method.json" -foe true ${JMH_ARGS:-${jmh_options[$class]:-}} \
        >> "$results/jmh.log" 2>&1 \
        || { log "JMH failed on $class.$method; see $results/jmh.log"; tail -30 "$results/jmh.log"; exit 1; }
      grep -E "^$class\.$method " "$results/jmh.log" | tail -1 | sed "s/^/[pass $pass] /"
    done
  done
done

# 4. contention, outside JMH
log "contention: 4 worker JVMs on one file"
java -cp "$jar" dev.chunkcluster.benchmarks.ContentionRun --workers 4 --warmup-seconds 2 --window-seconds 10 \
  --rounds 4 --out "$results/contention.properties" 2>&1 | tee "$results/contention.log"

# 5. end to end, with the examples
if [ "${SKIP_E2E:-0}" = 1 ]; then
  printf 'status=skipped (SKIP_E2E=1)\n' > "$results/e2e.properties"
elif [ ! -f "$examples_jar" ]; then
  log "no $examples_jar: end-to-end step skipped (build cluster-examples, then run again)"
  printf 'status=skipped: %s was not built\n' "$examples_jar" > "$results/e2e.properties"
else
  log "end to end: explore --workers 2 vs explore --inline, then the scaling run (--years ${SCALE_YEARS:-450})"
  java -cp "$jar" dev.chunkcluster.benchmarks.EndToEnd --jar "$examples_jar" --runs "${E2E_RUNS:-1}" \
    --scale-years "${SCALE_YEARS:-450}" --scale-runs "${SCALE_RUNS:-2}" \
    --out "$results/e2e.properties" 2>&1 | tee "$results/e2e.log"
fi

# 5b. PostgreSQL: one server for the step (the installed binaries, stopped by its pid), SKIP_POSTGRES=1 to skip
if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
  log "PostgreSQL: library vs a raw SKIP LOCKED loop, db-scheduler, the queue head"
  java -cp "$jar" dev.chunkcluster.benchmarks.PostgresBenchRun --out "$results/postgres.properties" 2>&1 \
    | tee "$results/postgres.log"
fi

# 5c. at size, only when asked (CHUNKCLUSTER_SCALE=1): ten million chunks on both stores, several minutes and GBs
if [ "${CHUNKCLUSTER_SCALE:-0}" = 1 ]; then
  log "at size: creation, status, top ten and Stop at ${SCALE_CHUNKS:-10000000} chunks"
  # a heap far smaller than the chunks: a step that held them all would end in an OutOfMemoryError
  java -Xmx64m -cp "$jar" dev.chunkcluster.benchmarks.ScaleRun --chunks "${SCALE_CHUNKS:-10000000}" \
    --commit "$commit" --out "$results/scale.properties" 2>&1 | grep -v ' INFO ' | tee "$results/scale.log"
fi

# 6. the report
printf 'durationSeconds=%d\nloadEnd=%s\n' "$(( $(date +%s) - started ))" \
  "$(awk '{ print $1 ", " $2 ", " $3 }' /proc/loadavg 2>/dev/null || echo '?')" >> "$results/machine.properties"
cp docs/benchmarks.md "$results/benchmarks.before.md" 2>/dev/null || true
java -cp "$jar" dev.chunkcluster.benchmarks.BenchmarkReport --jmh "$results/jmh" \
  --contention "$results/contention.properties" --e2e "$results/e2e.properties" \
  --machine "$results/machine.properties" --previous "$previous" --out docs/benchmarks.md
if [ -f "$results/postgres.properties" ]; then
  java -cp "$jar" dev.chunkcluster.benchmarks.PostgresReport --in "$results/postgres.properties" --into docs/benchmarks.md
fi
if [ -f "$results/scale.properties" ]; then
  java -cp "$jar" dev.chunkcluster.benchmarks.ScaleReport --in "$results/scale.properties" --into docs/benchmarks.md
else
  java -cp "$jar" dev.chunkcluster.benchmarks.ScaleReport --keep "$results/benchmarks.before.md" --into docs/benchmarks.md
fi
log "done in $(( $(date +%s) - started )) s"
