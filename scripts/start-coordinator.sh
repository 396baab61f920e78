#!/usr/bin/env bash
# Starts the sweep coordinator of a multi-machine cluster, listening for alfc-nodes on HOST:PORT.
#   scripts/start-coordinator.sh 10.0.0.1:4053 --preset paper --store paper.db --data /data/crowd [--slots 0]
# HOST must be an address the nodes can reach; every other argument goes to `alfc sweep`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
alfc_require_address "scripts/start-coordinator.sh HOST:PORT [alfc sweep options...]" "${1:-}"
listen="$1"
shift
alfc_build
exec dotnet "$ALFC_BIN/alfc.dll" sweep --listen "$listen" "$@"
