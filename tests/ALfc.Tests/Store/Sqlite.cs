using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ALfc.Tests;

/// <summary>Reads a store file directly, as a user with sqlite3 would, independent of ResultsStore.</summary>
internal static class Sqlite
{
    public static long Count(string path, string sql) => Convert.ToInt64(Query(path, sql));
    public static double Scalar(string path, string sql) => Convert.ToDouble(Query(path, sql));
    public static string Text(string path, string sql) => Convert.ToString(Query(path, sql))!;
    public static string? TextOrNull(string path, string sql) => Query(path, sql) is string s ? s : null;

    public static Dictionary<string, string> Pairs(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var pairs = new Dictionary<string, string>();
        while (reader.Read()) pairs[reader.GetString(0)] = reader.GetString(1);
        return pairs;
    }

    private static object? Query(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
