#!/usr/bin/env bash
# Restores, builds (with the libtorch fix-up) and runs the whole test suite, then prints one plain
# summary line "N passed, N failed, N skipped". Exits non-zero if anything failed or nothing ran.
# Tests that need ../shared/data report as skipped when it is absent.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
results="$root/TestResults"
rm -rf "$results"

if ! dotnet build ALfc.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
    echo "build failed"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi
dotnet test ALfc.sln -c Release --no-build --nologo \
    --logger "trx;LogFileName=alfc.trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

trx="$(find "$results" -name '*.trx' | head -n 1)"
if [[ -z "$trx" ]]; then
    echo "no test results were written"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx")"
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
total=$(count total); executed=$(count executed); passed=$(count passed); failed=$(count failed)
skipped=$((total - executed))
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then exit 1; fi
