#!/usr/bin/env bash
# same-results.sh REV: do the working tree and revision REV give the same
# results? Builds both, then compares, for every built-in scenario and seeds
# 1 and 2: summary.json (less the fields REV did not have), the text and
# Markdown summaries, and `validate`'s resolved TOML. Exit 0 when all match.
set -euo pipefail
rev=${1:?usage: bench/same-results.sh REV}
top=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$top" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$top" worktree add -q --detach "$work/base" "$rev"
(cd "$work/base" && go build -o "$work/before" ./cmd/stampede)
(cd "$top" && go build -o "$work/after" ./cmd/stampede)
# Fields that REV may lack: drop them from the new side before comparing.
strip() { python3 -c '
import json, sys
old, new = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def prune(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: prune(a[k], b[k]) for k in b if k in a}
    return b
print(json.dumps(prune(old, new), indent=2)); print(json.dumps(old, indent=2), file=sys.stderr)' "$1" "$2"; }
same=0; diff=0
for s in $("$work/before" scenarios | awk '{print $1}'); do
  for seed in 1 2; do
    for fmt in json text markdown; do
      "$work/before" run "$s" --seed $seed --format $fmt --progress never > "$work/b" 2>&1 || true
      "$work/after" run "$s" --seed $seed --format $fmt --progress never > "$work/a" 2>&1 || true
      if [ $fmt = json ]; then
        if ! cmp -s "$work/b" "$work/a"; then
          strip "$work/b" "$work/a" > "$work/a2" 2> "$work/b2" || true
          # identical bytes apart from new fields: compare the pruned trees
          if cmp -s "$work/a2" "$work/b2"; then echo "same (new fields only) $s seed $seed json"; same=$((same+1)); continue; fi
        else same=$((same+1)); continue; fi
      elif cmp -s "$work/b" "$work/a"; then same=$((same+1)); continue; fi
      echo "DIFFERENT $s seed $seed $fmt"; { diff "$work/b" "$work/a" || true; } | head -5; diff=$((diff+1))
    done
  done
  "$work/before" validate "$s" > "$work/b" 2>&1 || true
  "$work/after" validate "$s" > "$work/a" 2>&1 || true
  if cmp -s "$work/b" "$work/a"; then same=$((same+1)); else echo "DIFFERENT $s validate"; diff=$((diff+1)); fi
done
echo "$same same, $diff different"
[ $diff = 0 ]
