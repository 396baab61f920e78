#!/usr/bin/env bash
# Starts a worker node that joins the coordinator at SEED (HOST:PORT) and runs trials in its slots.
#   scripts/start-node.sh 10.0.0.1:4053 --host 10.0.0.2 --slots 2 --data /data/crowd
#   AlfcTorchBackend=cuda scripts/start-node.sh 10.0.0.1:4053 --host 10.0.0.2 --slots 2 --device cuda:0,cuda:1
# --host must be this machine's address as the coordinator can reach it; other options go to alfc-node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
alfc_require_address "scripts/start-node.sh SEED_HOST:PORT [alfc-node options...]" "${1:-}"
seed="$1"
shift
alfc_build_node
exec dotnet "$ALFC_NODE_BIN/alfc-node.dll" --seeds "$seed" "$@"
