using System.Reflection;

namespace ALfc.Core;

/// <summary>
/// What this build of ALfc is: its version and the git commit it was built from (the SDK's SourceLink appends the
/// commit to the informational version, "1.0.0+COMMIT"; a build outside a git checkout says "unknown", see
/// Directory.Build.props), and the .NET, TorchSharp and libtorch versions it runs on. Trial records and a sweep's
/// provenance carry these, so every number can be traced to the code and libraries that computed it.
/// </summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    public static string Version { get; } = Informational.Split('+')[0];

    public static string Commit { get; } = Informational.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : "unknown";

    public static string DotNet { get; } = Environment.Version.ToString();

    public static string TorchSharp { get; } = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The libtorch TorchSharp was built against (TorchSharp's own report of it).</summary>
    public static string LibTorch { get; } = TryLibTorch();

    /// <summary>The versions every trial record carries.</summary>
    public static Dictionary<string, string> Versions => new()
    {
        ["alfc"] = Version, ["commit"] = Commit, ["torchsharp"] = TorchSharp, ["libtorch"] = LibTorch, ["dotnet"] = DotNet,
    };

    private static string TryLibTorch()
    {
        try
        {
            return global::TorchSharp.torch.__version__;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            return "unknown";
        }
    }
}
