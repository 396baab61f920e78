using System.CommandLine;
using ALfc.Cluster.Trainers;
using ALfc.Coordinator.Cli;

var root = new RootCommand("alfc: adversarial learning-from-crowds experiments (A-LFC, AAAI 2022); `alfc sweep --help` lists the shipped grids (presets)")
{
    DataCommand.Create(),
    AggregateCommand.Create(),
    TrainCommand.Create(),
    BenchCommand.Create(),
    SweepCommand.Create(),
    StatusCommand.Create(),
    ReportCommand.Create(),
    ExportCommand.Create(),
    ShowCommand.Create(),
    GridCommand.Create(),
    PoisonCommand.Create(),
    VictimsCommand.Create(),
};
var parsed = root.Parse(args);
// A blank value first: a number option's own parser would otherwise say "'' is not a whole number".
if (EmptyValues.Find(parsed) is { } empty)
{
    Console.Error.WriteLine($"alfc: error: {empty}");
    return 2;
}
// A usage error (unknown option or command, missing or malformed value) is one line and exit 2, like every other
// bad input; --help still prints the full help.
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"alfc: error: {string.Join("; ", parsed.Errors.Select(e => ALfc.Core.UsageErrorText.Plain(e.Message)))}");
    return 2;
}
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TrialThreads.ProcessTerminationTimeout });
