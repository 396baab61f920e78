using ALfc.Core.Data.Io;

namespace ALfc.Coordinator.Cli;

/// <summary>The `--out` file of `poison` and `export`, claimed before the work (<see cref="PendingFile"/>); a refusal names the flag.</summary>
internal static class OutFile
{
    public static PendingFile Reserve(string path, bool replace = false, string ifExists = "remove it or choose another name") =>
        PendingFile.Reserve(path, replace, ifExists, shownAs: $"--out: {path}");
}
