using ALfc.Tests.Reports;

namespace ALfc.Tests.Cli;

/// <summary>
/// A store whose trial record is valid JSON but not an object (an edit, a foreign writer) is refused as damaged, in one
/// line, by report and export alike; it once crashed both with an internal error (exit 1).
/// </summary>
public class StoreRecordShapeTests
{
    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("1")]
    public void A_record_that_is_not_a_json_object_is_refused_as_damage_by_report_and_export(string record)
    {
        var store = ReportTests.KnownStore();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE results SET record_json = '{record}' WHERE rowid = (SELECT min(rowid) FROM results)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var directory = Path.GetDirectoryName(store)!;
        foreach (var args in new[] { new[] { "report", "--store", store, "--out", Path.Combine(directory, "rep") }, ["export", "--store", store, "--out", Path.Combine(directory, "x.csv")] })
        {
            var outcome = AlfcProcess.Run(args);
            Assert.Equal(2, outcome.ExitCode);
            var line = Assert.Single(outcome.StderrLines);
            Assert.StartsWith($"alfc: error: {store}: the results store is damaged (trial ", line);
            Assert.Contains("its record is not a trial record (a JSON object)", line);
        }
    }
}
