using System.CommandLine;
using ALfc.Coordinator.Sweeps;

namespace ALfc.Coordinator.Cli;

/// <summary>`alfc grid show`: what a grid or preset would run (<see cref="PlanPreview"/>), without running or writing anything.</summary>
internal static class GridCommand
{
    public static Command Create()
    {
        var grid = new GridOptions();
        var store = new Option<string?>("--store") { Description = "results store to count already-done trials in (read only; nothing is created)" };
        var show = new Command("show", "print a grid's trials per dataset x method, how many a store already holds, and the expanded config; runs and writes nothing" + GridOptions.PresetList());
        grid.AddTo(show);
        show.Options.Add(store);
        show.SetAction(result => CliRunner.Run(() =>
        {
            var spec = grid.Load(result);
            // A store to count in is checked as a sweep would check it, so `grid show` does not call a folder a new store.
            if (result.GetValue(store) is { } path) Store.StoreFiles.Check(path);
            Console.WriteLine(PlanPreview.Render(spec, result.GetValue(store), grid.Origin(result)));
            return 0;
        }));
        return new Command("grid", "inspect grids and presets") { show };
    }
}
