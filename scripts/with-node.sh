#!/usr/bin/env bash
# Run a command with one supported Node.js line first on PATH (its node, npm
# and npx), installing that line on first use (scripts/install-node-lines.sh).
# The machine's own node is left as it is.
#
# Usage: scripts/with-node.sh <22|24|26> <command> [args...]
#   e.g. scripts/with-node.sh 22 npm test
set -euo pipefail
[[ $# -ge 2 ]] || {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
major=$1
shift
line=$(bash "$(dirname "$0")/install-node-lines.sh" "$major")
bin=${line#* }
PATH="$bin:$PATH" exec "$@"
