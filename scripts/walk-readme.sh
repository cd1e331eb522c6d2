#!/usr/bin/env bash
# Follows the README's "Install on a server" and "Operating it" sections literally, on
# this machine but inside one temporary directory (run by .ci/run):
#
#   1. the ```sh walk=clone blocks in a fresh clone of HEAD, the ```sh walk=server blocks
#      in an empty "server" directory holding only the tarball, in README order, with
#      npm's global prefix in the temporary directory (npm_config_prefix), so that
#      `npm install -g` installs there and its bin is first on the PATH;
#   2. `npx --package ./usage-delta-<version>.tgz usage-delta --version`;
#   3. the systemd units checked by systemd-analyze verify (where it is installed);
#      the unit's ExecStart and the cron line, each run twice (a first run, then
#      an hourly one) against OpenSearch holding a generated sample, with the environment
#      file written for it, and the README's paths (/etc, /var/lib, /var/cache, /var/log,
#      /usr/local/bin) moved into the temporary directory. Nothing else is changed.
#
# Environment:
#   OPENSEARCH_URL            a cluster to use (indices get a prefix of their own, deleted
#                             at the end); unset: a private node (scripts/opensearch.sh)
#   WALK_README_OMIT_FLAGS    aggregate flags (each with its value) to leave out of the
#                             job's command, for a build that does not have them yet,
#                             e.g. "--lock-wait --summary-file"; each is named on stderr
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
README="$ROOT/README.md"
log() { echo "walk-readme: $*" >&2; }

work="$(mktemp -d)"
chmod 755 "$work"
started_node=""
prefix="walk-readme-$$-"
cleanup() {
  # On a cluster given by OPENSEARCH_URL: the indices of this walk (all share its prefix).
  if [[ -n "${OPENSEARCH_URL:-}" ]] && command -v curl >/dev/null; then curl -s -o /dev/null -X DELETE "$OPENSEARCH_URL/$prefix*" || true; fi
  if [[ -n "$started_node" ]]; then OPENSEARCH_INSTANCE="$started_node" bash "$ROOT/scripts/opensearch.sh" stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export npm_config_prefix="$work/prefix"
export PATH="$work/prefix/bin:$PATH"
mkdir -p "$work/prefix" "$work/server"

# The first line of the README's "Install on a server" / "Operating it" sections that matches.
readme_line() {
  awk -v re="$1" '/^## (Install on a server|Operating it)$/ { on = 1 } /^## / && !/^## (Install on a server|Operating it)$/ { on = 0 } on && $0 ~ re { print; found = 1; exit } END { exit !found }' "$README"
}

log "cloning HEAD into $work/clone"
git clone --quiet "$ROOT" "$work/clone"
# README order: clone blocks before the first server block, then the rest.
while IFS= read -r -d '' entry; do
  where="${entry%%:*}"; block="${entry#*:}"
  if [[ "$where" == server ]]; then
    cp "$work"/clone/usage-delta-*.tgz "$work/server/" 2>/dev/null || true  # "copy it to the server"
    dir="$work/server"
  else
    dir="$work/clone"
  fi
  log "in the $where directory: $(printf '%s' "$block" | head -n 1)"
  (cd "$dir" && bash -euo pipefail -c "$block" </dev/null)
done < <(awk -v q='```' '
  /^## (Install on a server|Operating it)$/ { on = 1 } /^## / && !/^## (Install on a server|Operating it)$/ { on = 0 }
  on && ($0 == q "sh walk=clone" || $0 == q "sh walk=server") { inside = 1; where = substr($0, 12); block = ""; next }
  inside && index($0, q) == 1 { inside = 0; printf "%s:%s%c", where, block, 0; next }
  inside { block = block $0 "\n" }
' "$README")
command -v usage-delta >/dev/null || { log "usage-delta is not on the PATH after the README's install steps"; exit 1; }

log "npx --package with the tarball"
tarball="$(ls "$work"/server/usage-delta-*.tgz | head -n 1)"
(cd "$work/server" && npx --yes --package "./$(basename "$tarball")" usage-delta --version </dev/null)

# --- the hourly job ----------------------------------------------------------------
url="${OPENSEARCH_URL:-}"
if [[ -z "$url" ]]; then
  started_node="walk-readme-$$"
  url="$(OPENSEARCH_INSTANCE="$started_node" OPENSEARCH_OWNER_PID=$$ bash "$ROOT/scripts/opensearch.sh" start | tail -n 1)"
fi
cat >"$work/usage-delta.env" <<ENV
OPENSEARCH_URL=$url
INDEX_PREFIX=$prefix
ENV
chmod 600 "$work/usage-delta.env"
mkdir -p "$work/var/lib/usage-delta" "$work/var/cache/usage-delta" "$work/var/log/usage-delta"
bin="$(command -v usage-delta)"

log "a sample in OpenSearch (index prefix $prefix)"
usage-delta generate --out "$work/sample" --events 3000 --seed 5 --to-opensearch --os-url "$url" --index-prefix "$prefix" >/dev/null

# The README's paths, moved into the temporary directory.
relocate() {
  sed -e "s#/usr/local/bin/usage-delta#$bin#g" -e "s#/etc/usage-delta.env#$work/usage-delta.env#g" \
      -e "s#/var/lib/usage-delta#$work/var/lib/usage-delta#g" -e "s#/var/cache/usage-delta#$work/var/cache/usage-delta#g" \
      -e "s#/var/log/usage-delta#$work/var/log/usage-delta#g"
}
omit() {
  local command="$1" flag
  for flag in ${WALK_README_OMIT_FLAGS:-}; do
    log "left out of the job's command (not in this build): $flag"
    command="$(printf '%s' "$command" | sed -E "s# $flag(=| )[^ ]+##")"
  done
  printf '%s' "$command"
}

# The unit files as written (paths moved), checked by systemd where it is installed.
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/units"
  for unit in usage-delta.service usage-delta.timer; do
    awk -v first="# /etc/systemd/system/$unit" '$0 == "```ini" { inside = 1; n = 0; next }
      inside && /^```/ { inside = 0; next } inside && ++n == 1 { keep = ($0 == first); next } inside && keep' "$README" | relocate >"$work/units/$unit"
    [[ -s "$work/units/$unit" ]] || { log "the README has no $unit"; exit 1; }
  done
  log "systemd-analyze verify usage-delta.service usage-delta.timer"
  problems="$(cd "$work/units" && systemd-analyze verify ./usage-delta.service ./usage-delta.timer 2>&1)" || true
  [[ -z "$problems" ]] || { log "systemd finds fault with the units: $problems"; exit 1; }
fi

exec_start="$(readme_line '^ExecStart=' | sed 's/^ExecStart=//' | relocate)"
exec_start="$(omit "$exec_start")"
for run in first hourly; do
  log "systemd ExecStart, $run run"
  # systemd expands ${INDEX_PREFIX} from the EnvironmentFile as the shell does here.
  (cd "$work/var/lib/usage-delta" && set -a && . "$work/usage-delta.env" && set +a && bash -euo pipefail -c "$exec_start" </dev/null)
done

cron_command="$(readme_line '^[0-9*]+ [0-9*]+ [0-9*]+ [0-9*]+ [0-9*]+ usage-delta ' | sed -E 's/^([^ ]+ ){6}//' | relocate)"
cron_command="$(omit "$cron_command")"
# cron's environment: the PATH the README's cron file sets, with this machine's node in
# front (a server has it in /usr/local/bin or /usr/bin), and nothing else.
cron_path="$(readme_line '^PATH=' | sed 's/^PATH=//'):"
cron_path="$(dirname "$(command -v node)"):$cron_path"
for run in first hourly; do
  log "cron line, $run run"
  (cd "$work" && env -i PATH="$cron_path" HOME="$work" sh -c "$cron_command" </dev/null) || { cat "$work/var/log/usage-delta/usage-delta.log" >&2; exit 1; }
done
grep -q "usage-delta summary" "$work/var/log/usage-delta/usage-delta.log" || { log "the cron run wrote no summary to its log"; exit 1; }

log "done: the README's install and operating steps work as written"
