using System.CommandLine;
using System.Globalization;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;

namespace ALfc.Coordinator.Cli;

/// <summary>
/// The grid a command runs or shows: exactly one of --grid FILE and --preset NAME. The help marks the pair as one
/// required and lists every preset with its description and size.
/// </summary>
internal sealed class GridOptions
{
    public Option<string?> Grid { get; } = new("--grid") { Description = "grid file (JSON) [one of --grid or --preset is required]" };

    public Option<string?> Preset { get; } = new("--preset") { Description = $"a shipped grid [one of --grid or --preset is required]: {string.Join(", ", GridPresets.Names)}" };

    public Option<int?> Repetitions { get; } = new("--repetitions")
    {
        Description = "repetitions in place of the grid's or preset's own (repetition r has seed base-seed + r; a resume with more keeps the ones done)",
    };

    public Option<long?> BaseSeed { get; } = new("--base-seed") { Description = "seed of the first repetition, in place of the grid's or preset's own" };

    public void AddTo(Command command)
    {
        command.Options.Add(Grid);
        command.Options.Add(Preset);
        command.Options.Add(Repetitions);
        command.Options.Add(BaseSeed);
        command.Validators.Add(result =>
        {
            bool grid = result.GetResult(Grid) is not null, preset = result.GetResult(Preset) is not null;
            if (grid == preset) result.AddError(grid ? "give either --grid or --preset, not both" : "give --grid FILE or --preset NAME");
        });
    }

    /// <summary>The grid or preset, with <c>--repetitions</c> and <c>--base-seed</c> applied.</summary>
    public GridSpec Load(ParseResult result)
    {
        var grid = (result.GetValue(Grid), result.GetValue(Preset)) switch
        {
            ({ } file, null) => GridSpec.Load(file),
            (null, { } name) => GridPresets.Load(name),
            (null, null) => throw new AlfcInputException("give --grid FILE or --preset NAME"),
            _ => throw new AlfcInputException("give either --grid or --preset, not both"),
        };
        return grid.WithSeeds(result.GetValue(Repetitions), result.GetValue(BaseSeed), result.GetValue(Grid) ?? $"preset '{result.GetValue(Preset)}'");
    }

    /// <summary>Where the grid came from, for the preview's first line.</summary>
    public string Origin(ParseResult result) => result.GetValue(Grid) is { } file ? $"grid file {file}" : $"preset '{result.GetValue(Preset)}'";

    /// <summary>
    /// The presets for a command's help: one line each, name, trials and description. Counting trials expands every
    /// preset (the paper's 2400 specs and their hashes), so it is done only when help is asked for, not on every run.
    /// </summary>
    public static string PresetList() => !HelpRequested ? "" : "\npresets:" + string.Concat(GridPresets.Names.Select(name =>
    {
        var grid = GridPresets.Load(name);
        var description = Newtonsoft.Json.Linq.JObject.Parse(grid.Json)["description"]?.ToString() ?? "";
        return string.Create(CultureInfo.InvariantCulture, $"\n  {name,-12} {grid.Expand().Count,5} trials  {description}");
    }));

    private static bool HelpRequested => Environment.GetCommandLineArgs().Any(a => a is "-h" or "--help" or "-?" or "/?" or "/h");
}
