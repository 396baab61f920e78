using System.CommandLine;
using ALfc.Coordinator.Cli;

var root = new RootCommand("alfc: adversarial learning-from-crowds experiments (A-LFC, AAAI 2022)")
{
    DataCommand.Create(),
    AggregateCommand.Create(),
    TrainCommand.Create(),
    BenchCommand.Create(),
    SweepCommand.Create(),
    StatusCommand.Create(),
    ReportCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
