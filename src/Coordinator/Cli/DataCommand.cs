using System.CommandLine;
using System.Globalization;
using ALfc.Core;
using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Coordinator.Cli;

/// <summary>`alfc data`: what a crowd dataset holds, and the numbers behind the paper's Fig. 2.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var options = new DatasetOptionSet();
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("data", "summarise a crowd dataset: sizes, answers, majority vote, worker spread");
        options.AddTo(command);
        command.Options.Add(json);
        command.SetAction(result => CliRunner.Run(() =>
        {
            var stats = DatasetStats.Of(options.Load(result));
            Console.WriteLine(result.GetValue(json) ? AlfcJson.Serialize(stats) : Render(stats));
            return 0;
        }));
        return command;
    }

    private static string Render(DatasetStats s)
    {
        static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        static string Q(Quantiles q) => $"min {F(q.Min)}  q25 {F(q.Q25)}  median {F(q.Median)}  q75 {F(q.Q75)}  max {F(q.Max)}";
        return string.Join(Environment.NewLine,
            $"dataset            {s.Dataset} (features scaled: {s.Scaling})",
            $"items              {s.TrainItems} train, {s.TestItems} test",
            $"features, classes  {s.Features}, {s.Classes}",
            $"workers            {s.Workers}",
            $"answers            {s.Answers} ({F(s.AnswersPerItem)} per item, {s.MinAnswersPerItem}-{s.MaxAnswersPerItem})",
            $"majority vote      {F(s.MajorityVoteAccuracy)} accuracy on train (ties to the lowest class)",
            $"labels per worker  {Q(s.LabelsPerWorker)}",
            $"worker accuracy    {Q(s.WorkerAccuracy)}");
    }
}
