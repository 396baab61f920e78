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
    public void A_record_that_is_not_a_json_object_is_refused_as_damage_by_report_and_export(string record) =>
        RefusedByReportAndExport($"'{record}'", "its record is not a trial record (a JSON object)");

    /// <summary>An object missing what a record needs crashed both with a NullReferenceException (exit 1).</summary>
    [Theory]
    [InlineData("'{}'", "its record is incomplete: 'dataset' is missing or null")]
    [InlineData("json_set(record_json, '$.white.fgsm', json('null'))", "its record is incomplete: 'white.fgsm' is missing or null")]
    [InlineData("json_remove(record_json, '$.versions')", "its record is incomplete: 'versions' is missing or null")]
    [InlineData("json_set(record_json, '$.clean', 'high')", "its record is incomplete: clean: expected a number")]
    [InlineData("json_remove(record_json, '$.clean')", "its record is incomplete: 'clean' is missing or null")]
    [InlineData("json_set(record_json, '$.white.fgsm.abc', 0.5)", "its record is not a result: white-box fgsm: eps 'abc' is not a number from 0 up")]
    public void A_record_missing_a_member_is_refused_as_damage_by_report_and_export(string record, string expected) =>
        RefusedByReportAndExport(record, expected);

    /// <summary>Sets the first stored record to the SQL expression <paramref name="record"/>; report and export must refuse the store in one line.</summary>
    private static void RefusedByReportAndExport(string record, string expected)
    {
        var store = ReportTests.KnownStore();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE results SET record_json = {record} WHERE rowid = (SELECT min(rowid) FROM results)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var directory = Path.GetDirectoryName(store)!;
        foreach (var args in new[] { new[] { "report", "--store", store, "--out", Path.Combine(directory, "rep") }, ["export", "--store", store, "--out", Path.Combine(directory, "x.csv")] })
        {
            var outcome = AlfcProcess.Run(args);
            Assert.Equal(2, outcome.ExitCode);
            var line = Assert.Single(outcome.StderrLines);
            Assert.StartsWith($"alfc: error: {store}: the results store is damaged (trial ", line);
            Assert.Contains(expected, line);
        }
    }
}
