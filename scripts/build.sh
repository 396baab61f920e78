#!/usr/bin/env bash
# Sourced by the other scripts: restores and builds ALfc in Release (the build runs the libtorch fix-up
# itself). alfc_build builds the `alfc` CLI and sets ALFC_BIN to the folder holding alfc.dll; alfc_build_node builds
# `alfc-node` and sets ALFC_NODE_BIN to the folder holding alfc-node.dll (the two executables do not reference each
# other, so each has its own output folder). Build output is shown only on failure.
# AlfcTorchBackend=cuda in the environment builds against TorchSharp-cuda-linux (MSBuild reads it as a property).
# Exits with a usage line unless $2 looks like HOST:PORT ($1 is the usage text).
alfc_require_address() {
    if [[ -z "${2:-}" || "$2" != *:* ]]; then
        echo "usage: $1" >&2
        exit 2
    fi
}

alfc_build() {
    alfc_build_project src/Coordinator/ALfc.Coordinator.csproj || return 1
    ALFC_BIN="$ALFC_ROOT/src/Coordinator/bin/${ALFC_CONFIGURATION:-Release}/net10.0"
}

alfc_build_node() {
    alfc_build_project src/GpuNode/ALfc.GpuNode.csproj || return 1
    ALFC_NODE_BIN="$ALFC_ROOT/src/GpuNode/bin/${ALFC_CONFIGURATION:-Release}/net10.0"
}

# Builds one project of the repository (path relative to its root) in $ALFC_CONFIGURATION (default Release).
alfc_build_project() {
    local config log
    ALFC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    config="${ALFC_CONFIGURATION:-Release}"
    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
    log="$(mktemp)"
    # A first build restores libtorch (about 200 MB) and compiles everything: minutes that would otherwise be silent.
    # On stderr, so `--json` output stays clean.
    if [[ ! -f "$ALFC_ROOT/src/Coordinator/bin/$config/net10.0/alfc.dll" && ! -f "$ALFC_ROOT/src/GpuNode/bin/$config/net10.0/alfc-node.dll" ]]; then
        echo "alfc: first run: restoring packages (libtorch is about 200 MB) and building ALfc; this takes a few minutes..." >&2
    fi
    if ! dotnet build "$ALFC_ROOT/$1" -c "$config" --nologo -v quiet >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "alfc: error: build failed (see above)" >&2
        return 1
    fi
    rm -f "$log"
}
