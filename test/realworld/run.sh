#!/usr/bin/env bash
# Reruns the real-world review: `berth check` on each project of projects.tsv, as a fresh clone.
# Usage: test/realworld/run.sh [WORKTREES_DIR] [OUT_DIR]
#   WORKTREES_DIR holds one folder per project, named as in projects.tsv, each a clean work tree
#   of that repo at that commit (e.g. `git --git-dir=<clone>/.git archive <commit> | tar -x -C DIR/<name>`).
#   The projects' files are never committed here; only their names and commits are.
# Prints per project: berth's exit code, docker-compose config's exit code, errors, warnings;
# writes OUT_DIR/<name>.json (berth check --format json) for judging against REVIEW.md.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
trees="${1:-/tmp/rw}"
out="${2:-/tmp/rw-out}"
mkdir -p "$out"
printf '%-22s %5s %8s %6s %8s\n' project berth compose errors warnings
grep -v '^#' "$here/projects.tsv" | while IFS=$'\t' read -r name repo commit folder files; do
  dir="$trees/$name/$folder"
  if [ ! -d "$dir" ]; then printf '%-22s missing work tree %s (%s at %s)\n' "$name" "$dir" "$repo" "$commit"; continue; fi
  args=()
  IFS=',' read -ra list <<<"$files"
  for file in "${list[@]}"; do args+=(-f "$file"); done
  (cd "$dir" && npx --prefix "$root" tsx "$root/e2e/support/berth-cli.ts" check --format json "${args[@]}" >"$out/$name.json" 2>"$out/$name.err" </dev/null)
  berth=$?
  compose=n/a
  if command -v docker-compose >/dev/null; then
    (cd "$dir" && docker-compose "${args[@]}" config -q >/dev/null 2>"$out/$name.compose.err" </dev/null); compose=$?
  fi
  errors=$(jq '[.findings[] | select(.severity=="error")] | length' "$out/$name.json" 2>/dev/null || echo "?")
  warnings=$(jq '[.findings[] | select(.severity=="warning")] | length' "$out/$name.json" 2>/dev/null || echo "?")
  printf '%-22s %5s %8s %6s %8s\n' "$name" "$berth" "$compose" "$errors" "$warnings"
done
