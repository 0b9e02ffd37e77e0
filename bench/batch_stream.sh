#!/usr/bin/env bash
# hw4 batch on 100,000 mixed requests (pairs, a malformed line every 1,000): lines per second
# and peak memory, against the same requests as 100,000 separate hw4 processes would take
# (estimated from 1,000 of them). Usage: bench/batch_stream.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
hw4=${1:-build/release}/hw4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/requests.ndjson" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(100_000):
        if i % 1000 == 500:
            f.write("{not json\n")
        else:
            f.write(json.dumps({"id": i, "command": "skipgram", "mode": "pairs",
                                "input": {"text": f"w{i} a rose is a rose", "window": 1 + i % 3}}) + "\n")
PY
/usr/bin/time -f "%e s %M KB" -o "$tmp/time" "$hw4" batch < "$tmp/requests.ndjson" > "$tmp/out.ndjson" || true
read -r batch_s _ batch_kb _ < <(tail -1 "$tmp/time")
lines=$(wc -l < "$tmp/out.ndjson")
errors=$(grep -c '"error"' "$tmp/out.ndjson" || true)
ordered=$(python3 -c "
import json,sys
ids=[json.loads(l)['id'] for l in open('$tmp/out.ndjson')]
good=[i for i in ids if i is not None]
print('yes' if good==sorted(good) and len(ids)==100000 else 'NO')")
head -1000 "$tmp/requests.ndjson" | grep -v 'not json' > "$tmp/first.ndjson"
python3 - "$tmp/first.ndjson" "$hw4" <<'PY' > "$tmp/separate"
import json, subprocess, sys, time
lines = [json.loads(l) for l in open(sys.argv[1])]
t = time.perf_counter()
for r in lines:
    subprocess.run([sys.argv[2], "skipgram", "pairs", "--json"], input=json.dumps(r["input"]).encode(),
                   stdout=subprocess.DEVNULL, check=True)
print((time.perf_counter() - t) / len(lines) * 100_000)
PY
separate_s=$(cat "$tmp/separate")
printf "batch: %s lines (%s errors), ordered: %s\n" "$lines" "$errors" "$ordered"
printf "hw4 batch            %8.2f s  %8.0f lines/s  peak %6.1f MB\n" "$batch_s" \
  "$(echo "100000 / $batch_s" | bc -l)" "$(echo "$batch_kb / 1024" | bc -l)"
printf "separate processes   %8.2f s  (estimated from 1,000)\n" "$separate_s"
printf "ratio                %8.1fx\n" "$(echo "$separate_s / $batch_s" | bc -l)"
