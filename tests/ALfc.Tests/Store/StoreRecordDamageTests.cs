using ALfc.Coordinator.Store;
using ALfc.Coordinator.Sweeps;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Trials;
using Microsoft.Data.Sqlite;

namespace ALfc.Tests.Store;

/// <summary>
/// A stored trial edited by hand after it was written is refused as damage when the store is opened for reading its
/// records, naming the trial and what is wrong; before, each of these was read as a result (a missing accuracy as 0, a
/// poisoning record with a victim fewer crashed the report, a config edited to <c>{}</c> shifted export's columns).
/// The unedited store opens, so the checks refuse only the edit.
/// </summary>
public class StoreRecordDamageTests
{
    private static (string Path, string TrainingId, string PoisoningId) MixedStore()
    {
        var path = Path.Combine(TestPaths.NewScratchDirectory(), "mixed.db");
        var spec = PoisoningSpec.Create("subpac/temp", "flip", "mv", 2, 0.5, 7, ["mv", "ds"]);
        var training = GridSpec.Parse("""{ "name": "m", "datasets": ["synthetic"], "methods": ["mv"], "attacks": ["fgsm"], "eps": { "synthetic": [0.01] }, "blackBox": false }""", "g", "m").Expand()[0];
        var planned = PlannedTrial.Of(spec, 0);
        using var store = ResultsStore.OpenForWriting(path, TrialKindRegistry.Default);
        store.Register(new SweepPlan("m", "{}", [planned, training]));
        var record = new PoisoningResult
        {
            Answers = "subpac/temp", Attack = "flip", Substitute = "mv", MaliciousWorkers = 2, Budget = 0.5, ItemsPerWorker = 10, Seed = 7,
            ConfigHash = TrialIds.Hash(spec.CanonicalJson()), Items = 20, MaliciousAnswers = 20, AgainstMajority = 15,
            Victims = [new VictimScore("mv", 0.9, 0.6, 0.3, 6, 20), new VictimScore("ds", 0.95, 0.8, double.NaN, 3, 20)],
            Workers = [], AttackSeconds = 0.1, EvalSeconds = 0.1, Versions = new(),
        };
        store.MarkRunning(planned.Id, "n", 1);
        store.RecordResult(planned.Id, "n", record, AlfcJson.Serialize(record));
        var result = ResultsStoreTests.Result(training, 0.9);
        store.MarkRunning(training.Id, "n", 1);
        store.RecordResult(training.Id, "n", result, AlfcJson.Serialize(result));
        return (path, training.Id, planned.Id);
    }

    private static void Edit(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    [Fact]
    public void The_unedited_store_opens_with_an_undefined_asr_kept()
    {
        var (path, _, _) = MixedStore();
        using var store = ResultsStore.OpenReadOnly(path);
        Assert.Equal(2, store.Status("m").Done);
    }

    [Theory]
    [InlineData(false, "json_remove(record_json, '$.clean')", "its record is incomplete: 'clean' is missing or null")]
    [InlineData(false, "json_set(record_json, '$.clean', 5)", "its record is not a result: clean accuracy is 5, not a fraction from 0 to 1")]
    [InlineData(false, "json_set(record_json, '$.white.pgd.abc', 0.5)", "its record is not a result: white-box pgd: eps 'abc' is not a number from 0 up")]
    [InlineData(false, "json_set(record_json, '$.white.pgd.\"0.01\"', json('null'))", "its record is not a result: white-box pgd accuracy at eps 0.01 is NaN")]
    [InlineData(true, "json_remove(record_json, '$.victims[1]')", "its record does not score the victims its config names")]
    [InlineData(true, "json_set(record_json, '$.victims[1].victim', 'bogus')", "its record does not score the victims its config names")]
    [InlineData(true, "json_remove(record_json, '$.victims[0].asr')", "its record is incomplete: 'victims[0].asr' is missing or null")]
    [InlineData(true, "json_set(record_json, '$.victims[0].asr', -0.5)", "its record is not a result: mv ASR is -0.5, not a fraction from 0 to 1")]
    [InlineData(true, "json_set(record_json, '$.budget', json('null'))", "its record is not a result: budget NaN is not a fraction in (0, 1]")]
    [InlineData(true, "json_set(record_json, '$.substitute', 'svm')", "its record is not a result: unknown substitute 'svm'")]
    public void An_edited_record_is_refused_naming_its_trial(bool poisoning, string edit, string expected)
    {
        var (path, trainingId, poisoningId) = MixedStore();
        var id = poisoning ? poisoningId : trainingId;
        Edit(path, $"UPDATE results SET record_json = {edit} WHERE trial_id = '{id}'");
        var e = Assert.Throws<AlfcInputException>(() => ResultsStore.OpenReadOnly(path));
        Assert.Contains($"the results store is damaged (trial {id}: {expected}", e.Message);
    }

    [Theory]
    [InlineData("'{}'")]
    [InlineData("json_set(config_json, '$.seed', 8)")]
    [InlineData("json_set(config_json, '$.spec.victims', json('[\"mv\"]'))")]
    public void An_edited_config_is_refused_even_by_status_as_it_no_longer_hashes_to_its_id(string edit)
    {
        var (path, trainingId, poisoningId) = MixedStore();
        var id = edit.Contains("spec.victims") ? poisoningId : trainingId;
        Edit(path, $"UPDATE trials SET config_json = {edit} WHERE id = '{id}'");
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<AlfcInputException>(() => ResultsStore.OpenReadOnly(path, readsRecords: false));
        Assert.Contains($"the results store is damaged (trial {id}: its config does not hash to its id (edited since it was stored))", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
