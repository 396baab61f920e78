using System.Security.Cryptography;
using ALfc.Coordinator.Reports;
using ALfc.Coordinator.Store;
using ALfc.Core;
using ALfc.Core.Data;
using ALfc.Core.Trials;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace ALfc.Tests.Reports;

/// <summary>A report says where its numbers come from: grid, build, libraries, nodes, data checksums, start, finish and trial counts.</summary>
public class ProvenanceTests
{
    [Fact]
    public void Provenance_holds_the_grid_the_runs_the_nodes_the_data_checksums_and_the_trial_counts()
    {
        var storePath = ReportTests.KnownStore();
        var dataRoot = TestPaths.NewScratchDirectory();
        Directory.CreateDirectory(Path.Combine(dataRoot, "music"));
        File.WriteAllText(Path.Combine(dataRoot, "music", "answers.csv"), "abc");
        using (var store = ResultsStore.OpenForWriting(storePath, TrialKindRegistry.Default))
        {
            var data = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["music"] = DataChecksums.Of("music", dataRoot) };
            var id = store.StartRun("k", dataRoot, Newtonsoft.Json.JsonConvert.SerializeObject(data));
            store.FinishRun(id, "finished");
        }
        JObject p;
        using (var store = ResultsStore.OpenReadOnly(storePath)) p = Provenance.Collect(store, "k", null);

        Assert.Equal(["mv", "crowdlayer", "alfc"], p["grid"]!["methods"]!.Values<string>());
        Assert.Equal((9, 8, 0, 1), ((int)p["trials"]!["planned"]!, (int)p["trials"]!["done"]!, (int)p["trials"]!["failed"]!, (int)p["trials"]!["missing"]!));
        Assert.Equal(JTokenType.Null, p["finished"]!.Type); // one trial is still to run
        var run = Assert.Single((JArray)p["runs"]!);
        Assert.Equal(("finished", BuildInfo.Commit, BuildInfo.LibTorch), ((string)run["outcome"]!, (string)run["commit"]!, (string)run["libtorch"]!));
        Assert.NotEqual("unknown", BuildInfo.Commit); // this test runs from a git checkout: the build embedded the commit
        Assert.Matches("^[0-9a-f]{40}$", BuildInfo.Commit);
        // SHA-256("abc"), the FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", (string)p["data"]!["files"]!["music"]!["music/answers.csv"]!);
        var node = Assert.Single((JArray)p["nodes"]!);
        Assert.Equal(("n", 8), ((string)node["node"]!, (int)node["trialsDone"]!));
        Assert.Contains("| music | music/answers.csv | ba7816bf", Provenance.Markdown(p));
    }

    [Fact]
    public void A_store_of_the_previous_schema_reads_as_it_is_and_gains_the_runs_table_when_written()
    {
        var storePath = ReportTests.KnownStore();
        using (var connection = new SqliteConnection($"Data Source={storePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE runs; PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }
        string before = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(storePath)));
        using (var store = ResultsStore.OpenReadOnly(storePath))
        {
            Assert.Empty(store.Runs("k"));
            Assert.Contains("(this store predates run records)", Provenance.Markdown(Provenance.Collect(store, "k", null)));
        }
        Assert.Equal(before, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(storePath))));
        using (var store = ResultsStore.OpenForWriting(storePath, TrialKindRegistry.Default)) Assert.Equal(8, store.Status("k").Done);
        Assert.Equal(ResultsStore.SchemaVersion, Sqlite.Count(storePath, "PRAGMA user_version"));
        Assert.Equal(1, Sqlite.Count(storePath, "SELECT count(*) FROM sqlite_master WHERE name = 'runs'"));
        Assert.Equal(8 * 3, Sqlite.Count(storePath, "SELECT count(*) FROM cells"));
    }
}
