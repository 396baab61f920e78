using System.Reflection;
using ALfc.Core;

namespace ALfc.Coordinator.Sweeps;

/// <summary>The grids that ship with ALfc (embedded Presets/*.json): quick and paper (A-LFC), subpac-exp1..3 (SubPac).</summary>
public static class GridPresets
{
    public static IReadOnlyList<string> Names { get; } = ["quick", "paper", "subpac-exp1", "subpac-exp2", "subpac-exp3"];

    public static GridSpec Load(string name)
    {
        if (!Names.Contains(name)) throw new AlfcInputException($"--preset: unknown preset '{name}' (known: {string.Join(", ", Names)})");
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"ALfc.Coordinator.Presets.{name}.json")
                           ?? throw new InvalidOperationException($"preset {name} is not embedded");
        using var reader = new StreamReader(stream);
        return GridSpec.Parse(reader.ReadToEnd(), $"preset '{name}'", name);
    }
}
