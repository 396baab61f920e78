#!/usr/bin/env bash
# Sourced by the other scripts: restores and builds ALfc in Release (the build runs the libtorch fix-up
# itself) and sets ALFC_BIN to the folder holding alfc.dll and alfc-node.dll. Build output is shown only on failure.
# AlfcTorchBackend=cuda in the environment builds against TorchSharp-cuda-linux (MSBuild reads it as a property).
# Exits with a usage line unless $2 looks like HOST:PORT ($1 is the usage text).
alfc_require_address() {
    if [[ -z "${2:-}" || "$2" != *:* ]]; then
        echo "usage: $1" >&2
        exit 2
    fi
}

alfc_build() {
    local root config log
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    config="${ALFC_CONFIGURATION:-Release}"
    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
    log="$(mktemp)"
    # A first build restores libtorch (about 200 MB) and compiles everything: minutes that would otherwise be silent.
    # On stderr, so `--json` output stays clean.
    if [[ ! -f "$root/src/Coordinator/bin/$config/net10.0/alfc.dll" ]]; then
        echo "alfc: first run: restoring packages (libtorch is about 200 MB) and building ALfc; this takes a few minutes..." >&2
    fi
    if ! dotnet build "$root/src/Coordinator/ALfc.Coordinator.csproj" -c "$config" --nologo -v quiet >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "alfc: error: build failed (see above)" >&2
        return 1
    fi
    rm -f "$log"
    ALFC_BIN="$root/src/Coordinator/bin/$config/net10.0"
}
