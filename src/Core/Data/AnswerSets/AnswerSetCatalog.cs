namespace ALfc.Core.Data.AnswerSets;

/// <summary>
/// Answer sets by name, as grids and nodes name them, under a data root: <c>subpac/NAME</c> is the SubPac release's
/// folder <c>DATA/subpac/datasets/NAME</c> (temp, rte, sentiment), and any ALfc dataset name (music, labelme,
/// sentiment, synthetic) is that dataset's training answers with its training gold as the truth, so SubPac runs on
/// ALfc's own crowds through the K-class path.
/// </summary>
public static class AnswerSetCatalog
{
    public const string SubPacPrefix = "subpac/";

    /// <summary>The SubPac release's answer sets, in the paper's order.</summary>
    public static IReadOnlyList<string> SubPacSets { get; } = ["subpac/temp", "subpac/rte", "subpac/sentiment"];

    /// <summary>A valid name: subpac/ and a folder name, or an ALfc dataset.</summary>
    public static bool IsValidName(string name) =>
        name.StartsWith(SubPacPrefix, StringComparison.Ordinal)
            ? name.Length > SubPacPrefix.Length && name[SubPacPrefix.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !name.EndsWith("..", StringComparison.Ordinal)
            : DatasetCatalog.IsKnown(name);

    public static string Expected => $"subpac/NAME (a folder of DATA/subpac/datasets) or one of {string.Join(", ", DatasetCatalog.Names)}";

    /// <summary>Loads the named set; <paramref name="dataRoot"/> null means $ALFC_DATA, else ./data.</summary>
    public static AnswerSet Load(string name, string? dataRoot)
    {
        if (!IsValidName(name)) throw new AlfcInputException($"unknown answer set '{name}' (expected {Expected})");
        var options = new DatasetOptions { DataRoot = dataRoot };
        if (name.StartsWith(SubPacPrefix, StringComparison.Ordinal))
        {
            var folder = Path.Combine(options.ResolveDataRoot(), "subpac", "datasets", name[SubPacPrefix.Length..]);
            // The set as read, named as grids name it.
            return AnswerSetLoader.Load(folder) with { Name = name };
        }
        return FromCrowd(DatasetCatalog.Load(name, options));
    }

    /// <summary>A crowd dataset's training answers as an answer set, its training gold as the truth.</summary>
    public static AnswerSet FromCrowd(CrowdDataset data) =>
        new(data.Name, data.Answers, data.Classes, data.TrainGold.ToArray(),
            Enumerable.Range(0, data.Answers.Items).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            data.WorkerIds);
}
