#!/usr/bin/env bash
# Times the analysis screens over HTTP against the release build (docs/benchmarks.md, issue 13):
# the pivot (counts, and the median, which needs window functions) and the grid's export to CSV
# and .xlsx of every case, at each size, on SQLite and on PostgreSQL. Cases come from
# `tramita seed cases` (the demo folder's catalogs, 80 % closed, two years of filing dates).
#
#   cargo build --release -p server && scripts/bench-analysis.sh [SIZE...]   (default 100000 1000000)
#
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth) for the PostgreSQL half; BENCH_BACKENDS=sqlite
# skips it. Prints one Markdown table row per figure. BENCH_DIR keeps the databases between runs
# (the SQLite file there, the PostgreSQL database `tramita_bench`), so a size already seeded is
# not seeded again; BENCH_SEED_ONLY=1 seeds and times nothing (to seed while the machine is busy).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BENCH_BIN:-./target/release/tramita}
sizes=${*:-100000 1000000}
backends=${BENCH_BACKENDS:-sqlite postgres}
port=${BENCH_PORT:-3300}
runs=${BENCH_RUNS:-5}
base="http://127.0.0.1:$port"

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

sql() {
  if [ "$backend" = sqlite ]; then sqlite3 "$data/tramita.db" "$1"; else psql -qAt "$DATABASE_URL" -c "$1"; fi
}

# A session for the demo supervisor, written straight into the sessions table.
session() {
  local token hash now
  token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  now=$(ms)
  sql "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) SELECT '$hash', id, $now, $now + 86400000 FROM users WHERE email = 'supervisor@example.com'"
  echo "$token"
}

call() { # path, form data: prints the body
  curl -sf -b "tramita_session=$cookie" -H "Origin: $base" --data "$2" "$base/api/$1"
}

time_pivot() { # label, search
  local samples=()
  for _ in $(seq "$runs"); do
    local t0; t0=$(ms)
    call analysis/pivot "search=$(printf '%s' "$2" | sed 's/&/%26/g; s/=/%3D/g')" >/dev/null
    samples+=($(( $(ms) - t0 )))
  done
  printf '| %s | %s | %s | %s ms |\n' "$backend" "$size" "$1" "$(printf '%s\n' "${samples[@]}" | median)"
}

time_export() { # format
  local t0 id state rss
  t0=$(ms)
  id=$(call analysis/export "search=cols%3Dnumber%2Csubject%2Ccustomer%2Cstate%2Ctype%2Ccause%2Cchannel%2Cfiled_at%2Cclosed_at%2Cdays%2Cin_time&format=$1")
  while :; do
    state=$(call analysis/export_progress "id=$id" | sed 's/.*"state":"\([a-z]*\)".*/\1/')
    [ "$state" = done ] && break
    [ "$state" = failed ] && { echo "export failed" >&2; return 1; }
    sleep 0.5
  done
  rss=$(ps -o rss= -p "$server" | tr -d ' ')
  printf '| %s | %s | export %s, every case | %s ms (server RSS after: %s MB) |\n' \
    "$backend" "$size" "$1" "$(( $(ms) - t0 ))" "$(( rss / 1024 ))"
}

echo "| backend | cases | what | median of $runs |"
echo "|---|---:|---|---:|"
for backend in $backends; do
  if [ -n "${BENCH_DIR:-}" ]; then data="$BENCH_DIR/$backend"; mkdir -p "$data"; else data=$(mktemp -d -t tramita-bench-XXXXXX); fi
  if [ "$backend" = sqlite ]; then
    export DATABASE_URL="sqlite://$data/tramita.db"
  else
    admin=postgres://postgres@127.0.0.1:5432/test
    if [ -z "${BENCH_DIR:-}" ] || [ -z "$(psql -qAt "$admin" -c "SELECT 1 FROM pg_database WHERE datname = 'tramita_bench'")" ]; then
      psql -q "$admin" -c "DROP DATABASE IF EXISTS tramita_bench WITH (FORCE)" -c "CREATE DATABASE tramita_bench"
    fi
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/tramita_bench"
  fi
  export TRAMITA_DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn
  "$bin" seed demo >/dev/null
  have=$(sql "SELECT COUNT(*) FROM cases")
  for size in $sizes; do
    if [ "$have" -lt "$size" ]; then
      t0=$(ms)
      "$bin" seed cases --count $((size - have)) --seed "$size" >/dev/null
      echo "seeded $((size - have)) cases on $backend in $(( ($(ms) - t0) / 1000 )) s" >&2
      have=$size
    fi
    [ -n "${BENCH_SEED_ONLY:-}" ] && continue
    "$bin" serve & server=$!
    until curl -sf "$base/healthz" >/dev/null; do sleep 0.3; done
    cookie=$(session)
    time_pivot "pivot channel x state, count" "rows=channel&cols=state&measure=count"
    time_pivot "pivot cause x filed month, share in time" "rows=cause&cols=filed_month&measure=in_time"
    time_pivot "pivot channel x state, median days" "rows=channel&cols=state&measure=median_days"
    time_pivot "pivot state, one folder, one year" "rows=state&from=2026-01-01&to=2026-12-31&folder=1"
    time_export csv
    time_export xlsx
    kill "$server"; wait "$server" 2>/dev/null || true
  done
  if [ -z "${BENCH_DIR:-}" ]; then rm -rf "$data"; fi
done
