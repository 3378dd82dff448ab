#!/usr/bin/env bash
# Runs every cargo-fuzz target in the repository for SECONDS each (default 60) and prints, per
# target, the executions, executions per second, coverage and any crash or slow input found.
#
#   ./scripts/fuzz.sh 3600            # an hour per target
#   ./scripts/fuzz.sh 60 import parse # only these targets
#   FUZZ_RUNS=10000000 ./scripts/fuzz.sh 3600   # stop at 10^7 executions or an hour, whichever first
#   FUZZ_ARGS=-max_len=4096 ./scripts/fuzz.sh 1800 sources   # extra libFuzzer flags
#
# The engine crates forbid unsafe code, so the address sanitizer finds nothing the Rust checks
# would not: targets run without it (about twice the executions per second), with overflow
# checks and debug assertions on. FUZZ_SANITIZER=address brings it back.
#
# Each target also starts from crates/*/fuzz/corpus-min/<target>.tar.xz, the corpus of the last long
# campaign minimised with `cargo fuzz cmin` (refresh: cmin, then tar --sort=name … | xz -9).
# Targets are found in crates/*/fuzz (each has its own [workspace], so the main build never
# sees them). cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 unlocks them on stable. Corpora
# grow in crates/*/fuzz/corpus/<target> (seeded from fuzz/seeds/<target> and, for the importer,
# from OpenSSL-made files); crashes and timeouts land in crates/*/fuzz/artifacts/<target>/ —
# turn each into a regression test. Exit status 1 if any target found something.
set -euo pipefail
secs=${1:-60}
shift || true
only=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
logs=$(mktemp -d)
status=0
printf '%-22s %12s %10s %10s %s\n' target executions exec/s coverage result > "$logs/summary"
for fuzz in "$root"/crates/*/fuzz; do
  [ -f "$fuzz/Cargo.toml" ] || continue
  crate=$(dirname "$fuzz")
  for target in $(cd "$crate" && cargo fuzz list --fuzz-dir "$fuzz"); do
    if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " =~ " $target " ]]; then continue; fi
    corpus="$fuzz/corpus/$target"
    mkdir -p "$corpus"
    seeds=()
    [ -d "$fuzz/seeds/$target" ] && seeds+=("$fuzz/seeds/$target")
    # The committed, minimised corpus of the last long campaign (cargo fuzz cmin), unpacked
    # into the log folder: read, never written.
    if [ -f "$fuzz/corpus-min/$target.tar.xz" ]; then
      mkdir -p "$logs/corpus-min" && tar -xJf "$fuzz/corpus-min/$target.tar.xz" -C "$logs/corpus-min"
      seeds+=("$logs/corpus-min/$target")
    fi
    if [ "$target" = import ] && [ -x "$fuzz/scripts/fuzz-corpus.sh" ] && [ -z "$(ls -A "$corpus")" ]; then
      "$fuzz/scripts/fuzz-corpus.sh" "$corpus" >/dev/null 2>&1 || true
    fi
    log="$logs/$target.log"
    echo "== $target ($secs s)" >&2
    result=ok
    # -timeout: one input may legitimately use the import work budget (about 2 s natively).
    runs_flag=()
    [ -n "${FUZZ_RUNS:-}" ] && runs_flag=(-runs="$FUZZ_RUNS")
    if ! (cd "$crate" && cargo fuzz run --fuzz-dir "$fuzz" -O -s "${FUZZ_SANITIZER:-none}" "$target" "$corpus" "${seeds[@]}" -- \
          -max_total_time="$secs" "${runs_flag[@]}" ${FUZZ_ARGS:-} -timeout=20 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
      result="FOUND SOMETHING: see $log and $fuzz/artifacts/$target/"
      status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    printf '%-22s %12s %10s %10s %s\n' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$result" >> "$logs/summary"
  done
done
cat "$logs/summary"
echo "logs: $logs" >&2
exit $status
