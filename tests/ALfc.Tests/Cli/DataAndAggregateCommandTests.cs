using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Cli;

public class DataAndAggregateCommandTests
{
    [Fact]
    public void Aggregate_json_on_the_synthetic_default_scores_every_aggregator()
    {
        var outcome = AlfcProcess.Run("aggregate", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var json = JObject.Parse(outcome.Stdout);
        Assert.Equal("synthetic", (string?)json["dataset"]);
        var aggregators = (JObject)json["aggregators"]!;
        Assert.Equal(new[] { "mv", "wmv", "ds", "zencrowd", "glad" }, aggregators.Properties().Select(p => p.Name));
        Assert.All(aggregators.Properties(), p => Assert.InRange((double)p.Value["accuracy"]!, 0.3, 1.0));
    }

    [SharedDataFact]
    public void Aggregate_json_on_music_gives_the_reference_majority_vote()
    {
        var outcome = AlfcProcess.Run("aggregate", "--dataset", "music", "--data", TestPaths.SharedData, "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(0.711, Math.Round((double)JObject.Parse(outcome.Stdout)["aggregators"]!["mv"]!["accuracy"]!, 3));
    }

    [Fact]
    public void Data_prints_sizes_and_worker_spread()
    {
        var outcome = AlfcProcess.Run("data", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var json = JObject.Parse(outcome.Stdout);
        Assert.Equal(600, (int)json["trainItems"]!);
        Assert.True((double)json["labelsPerWorker"]!["max"]! > (double)json["labelsPerWorker"]!["median"]!);
    }

    [Theory]
    [InlineData(new[] { "aggregate", "--dataset", "nosuch" }, "alfc: error: --dataset: unknown dataset 'nosuch'")]
    [InlineData(new[] { "data", "--dataset", "music", "--data", "/nonexistent/alfc-data" }, "alfc: error: --data /nonexistent/alfc-data: folder not found")]
    [InlineData(new[] { "data", "--scale", "log" }, "alfc: error: --scale: unknown scaling 'log'")]
    [InlineData(new[] { "data", "--lsa-dims", "0" }, "alfc: error: --lsa-dims: must be from 1 to 10000, got 0")]
    [InlineData(new[] { "bench", "--datasets", "" }, "alfc: error: --datasets: the list is empty")]
    // A blank value is refused by the option's name for every command (EmptyValues); `grid show --grid ''` said ": grid file not found".
    [InlineData(new[] { "grid", "show", "--grid", "" }, "alfc: error: --grid: the path is empty")]
    [InlineData(new[] { "sweep", "--preset", " " }, "alfc: error: --preset: the value is empty")]
    [InlineData(new[] { "poison", "--attack", "" }, "alfc: error: --attack: the value is empty")]
    [InlineData(new[] { "status", "--store", "" }, "alfc: error: --store: the path is empty")]
    [InlineData(new[] { "bench", "--datasets", "nosuch" }, "alfc: error: --datasets: unknown dataset 'nosuch'")]
    [InlineData(new[] { "bench", "--datasets", "synthetic", "--methods", "mv,svm" }, "alfc: error: --methods: unknown method 'svm'")]
    public void Bad_input_is_one_line_on_stderr_and_a_non_zero_exit(string[] args, string expectedStart)
    {
        var outcome = AlfcProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        var lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith(expectedStart, lines[0]);
        Assert.DoesNotContain("   at ", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void A_malformed_file_under_data_is_named_with_its_line()
    {
        var root = Data.LoaderFixtures.TinyLabelMe("0 1\n1\n");
        var dir = Path.Combine(root, "labelme");
        var outcome = AlfcProcess.Run("aggregate", "--dataset", "labelme", "--data", root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"alfc: error: {Path.Combine(dir, "answers.txt")}:2: ragged row: 1 fields, the first row has 2", outcome.Stderr.Trim());
    }
}
