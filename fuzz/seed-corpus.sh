#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ (ignored by git; fuzz runs add to it) with
# seed inputs:
# - fuzz/seeds/<target>/*: committed seeds and regression inputs;
# - the bundled examples/data/*.json and core/tests/data/*.json;
# - ponte-gen instances (sizes xs and s, several seeds) when the shared
#   tools are there ($PONTE_SHARED, or ../shared beside the repository);
# - for solve_small and booking_ops, which read a problem JSON followed by
#   bytes that drive the seed, budget and operations (or only bytes,
#   decoded into a small problem), the same problems with a byte tail, and
#   some byte strings from a fixed PRNG.
# Idempotent: files are named by their content's role and rewritten.
# Usage: bash fuzz/seed-corpus.sh
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$(pwd)
root=$(cd .. && pwd)
shared=${PONTE_SHARED:-$root/../shared}
targets=(load_problem solve_small booking_ops)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  if [ -d "seeds/$t" ]; then
    find "seeds/$t" -maxdepth 1 -type f -exec cp {} "corpus/$t/" \;
  fi
done

# A problem JSON (file $1) as a seed named $2 for every target: as is for
# load_problem, followed by a fixed byte tail for the others.
add_problem() {
  local file=$1 name=$2
  cp "$file" "corpus/load_problem/$name.json"
  for t in solve_small booking_ops; do
    { cat "$file"; printf '\x07\x2a\x10\x03\x01\x05\x00\x02\x04\x06\x08\x03\x01\x07\x09\x02\x05\x00\x03\x06\x01\x04\x02\x08'; } \
      >"corpus/$t/$name.tail"
  done
}

n_bundled=0
for file in "$root"/examples/data/*.json "$root"/core/tests/data/*.json; do
  [ -f "$file" ] || continue
  name=${file#"$root"/}
  name=${name%.json}
  name=${name//\//-}
  if grep -q '"ponte-problem/1"' "$file"; then
    add_problem "$file" "bundled-$name"
  else
    cp "$file" "corpus/load_problem/bundled-$name.json"   # a solution: an invalid problem
  fi
  n_bundled=$((n_bundled + 1))
done

n_generated=0
generator="$shared/tools/gen/ponte-gen"
if [ -f "$generator" ] && command -v python3 >/dev/null; then
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' EXIT
  for size in xs s; do
    for seed in 1 2 3 4 5; do
      python3 "$generator" --size "$size" --seed "$seed" -o "$tmp" >/dev/null 2>&1 || continue
      add_problem "$tmp" "gen-$size-$seed"
      n_generated=$((n_generated + 1))
    done
  done
  # Variants: a 5-minute grid, no impossible requests, more previous assignments and locks.
  if python3 "$generator" --size xs --seed 7 --slot-minutes 5 --replan 0.3 --impossible 0 -o "$tmp" >/dev/null 2>&1; then
    add_problem "$tmp" "gen-xs-7-replan"
    n_generated=$((n_generated + 1))
  fi
  # Format 1.1: requests with roles (some locked).
  if python3 "$generator" --size xs --seed 8 --roles 0.4 --replan 0.4 -o "$tmp" >/dev/null 2>&1; then
    add_problem "$tmp" "gen-xs-8-roles"
    n_generated=$((n_generated + 1))
  fi
else
  echo "seed-corpus: no ponte-gen at $generator (set PONTE_SHARED); bundled seeds only" >&2
fi

# Byte strings decoded into small problems (a fixed PRNG: the same files each time).
python3 - "$fuzz/corpus" <<'EOF'
import random, sys, pathlib
rng = random.Random(20261126)
base = pathlib.Path(sys.argv[1])
for target in ("solve_small", "booking_ops"):
    for i in range(12):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(96, 640)))
        (base / target / f"bytes-{i:02}").write_bytes(data)
EOF

for t in "${targets[@]}"; do
  echo "seed-corpus: $t: $(find "corpus/$t" -type f | wc -l) files"
done
echo "seed-corpus: $n_bundled bundled JSON files, $n_generated ponte-gen instances"
