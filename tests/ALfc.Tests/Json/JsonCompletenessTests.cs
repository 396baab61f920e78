using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Trials;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Json;

/// <summary>
/// A stored record edited so that a member its type needs is missing or null is refused when read, naming the member by
/// its JSON path, instead of coming back with a null that crashes whoever reads it (report and export did, exit 1).
/// </summary>
public class JsonCompletenessTests
{
    private static readonly TrialResult Training = new()
    {
        Dataset = "synthetic", Method = "mv", Alpha = 0.5, Schedule = "paper", Seed = 0, Scaling = "minmax", ConfigHash = "h", Clean = 0.9,
        White = new() { ["fgsm"] = new() { ["0.01"] = 0.7 } }, Black = new(), EpochsRun = 1, TrainSeconds = 1, EvalSeconds = 1, Versions = new(),
        Workers = [new WorkerComparison("w0", 3, [[1.0, 0.0], [0.0, 1.0]], [[0.9, 0.1], [0.2, 0.8]], 0.075)],
    };

    private static readonly PoisoningResult Poisoning = new()
    {
        Answers = "subpac/temp", Attack = "flip", Substitute = "mv", MaliciousWorkers = 2, Budget = 0.5, ItemsPerWorker = 10, Seed = 7,
        ConfigHash = "h", Items = 20, MaliciousAnswers = 20, AgainstMajority = 15,
        Victims = [new VictimScore("mv", 0.9, 0.6, 0.3, 6, 20)],
        Workers = [new WorkerReliability(0, "w0", false, 10, 0.9, 0.8)], AttackSeconds = 0.1, EvalSeconds = 0.1, Versions = new(),
    };

    [Fact]
    public void Whole_records_of_both_kinds_read_back_equal()
    {
        var training = (TrialResult)new TrainingTrialKind().ReadRecord(AlfcJson.Serialize(Training));
        Assert.Equal(0.7, training.White["fgsm"]["0.01"]);
        Assert.Equal(0.2, training.Workers![0].Learned[1][0]);
        var poisoning = (PoisoningResult)new PoisoningTrialKind().ReadRecord(AlfcJson.Serialize(Poisoning));
        Assert.Equal(Poisoning.Victims, poisoning.Victims);
        Assert.Equal(Poisoning.Workers, poisoning.Workers);
    }

    [Theory]
    [InlineData(false, "$.dataset", null, "'dataset' is missing or null")]
    [InlineData(false, "$.white", null, "'white' is missing or null")]
    [InlineData(false, "$.white.fgsm", "null", "'white.fgsm' is missing or null")]
    [InlineData(false, "$.versions", null, "'versions' is missing or null")]
    [InlineData(false, "$.workers[0].learned[1]", "null", "'workers[0].learned[1]' is missing or null")]
    [InlineData(false, "$.device", "null", "'device' is missing or null")]
    // A missing number read as 0 before (an edited record without "clean" moved the report's paired tests).
    [InlineData(false, "$.clean", null, "'clean' is missing or null")]
    [InlineData(false, "$.workers[0].meanAbsoluteError", null, "'workers[0].meanAbsoluteError' is missing or null")]
    [InlineData(true, "$.victims[0].victim", null, "'victims[0].victim' is missing or null")]
    [InlineData(true, "$.victims[0]", "null", "'victims[0]' is missing or null")]
    [InlineData(true, "$.workers", null, "'workers' is missing or null")]
    [InlineData(true, "$.attack", "null", "'attack' is missing or null")]
    [InlineData(true, "$.victims[0].asr", null, "'victims[0].asr' is missing or null")]
    [InlineData(true, "$.budget", null, "'budget' is missing or null")]
    public void A_record_missing_a_member_is_refused_naming_it(bool poisoning, string path, string? replacement, string expected)
    {
        ITrialKind kind = poisoning ? new PoisoningTrialKind() : new TrainingTrialKind();
        var json = Edit(AlfcJson.Serialize(poisoning ? Poisoning : Training), path, replacement);
        var e = Assert.Throws<JsonSerializationException>(() => kind.ReadRecord(json));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Members_declared_nullable_may_be_absent()
    {
        var json = Edit(Edit(AlfcJson.Serialize(Training), "$.workers", null), "$.confusionMae", null);
        var record = (TrialResult)new TrainingTrialKind().ReadRecord(json);
        Assert.Null(record.Workers);
        Assert.Null(record.ConfusionMae);
    }

    /// <summary>Removes the token at <paramref name="path"/> (null replacement), or replaces it with the given JSON.</summary>
    private static string Edit(string json, string path, string? replacement)
    {
        var root = JObject.Parse(json);
        var token = root.SelectToken(path) ?? throw new ArgumentException($"no {path} in the record", nameof(path));
        if (replacement is null)
        {
            if (token.Parent is JProperty property) property.Remove();
            else token.Remove();
        }
        else token.Replace(JToken.Parse(replacement));
        return root.ToString();
    }
}
