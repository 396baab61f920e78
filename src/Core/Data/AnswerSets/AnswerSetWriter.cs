using System.Globalization;
using System.Text;

namespace ALfc.Core.Data.AnswerSets;

/// <summary>
/// Writes a poisoned answer file in the authors' <c>question,worker,answer</c> format (readable back with
/// <see cref="AnswerSetLoader.LoadPoisoned"/>): every normal answer first (item by item), then the malicious
/// workers' answers. Malicious ids follow the normal ones: max+1, max+2, … when the clean worker ids are all
/// integers (as in the released files), else "m1".."mM'". The file is written to a temporary name and renamed,
/// so a reader never sees half a file.
/// </summary>
public static class AnswerSetWriter
{
    public static void Write(string path, AnswerSet clean, AnswerMatrix malicious)
    {
        if (malicious.Items != clean.Answers.Items)
            throw new ArgumentException($"{malicious.Items} malicious items for {clean.Answers.Items} clean items", nameof(malicious));
        var ids = MaliciousIds(clean, malicious.Workers);
        var normal = clean.NormalAnswers();
        var text = new StringBuilder("question,worker,answer\n");
        // Labels go out as the files had them (class k is clean.LabelValues[k]).
        foreach (var (i, j, label) in normal.Triples()) Append(text, clean.ItemIds[i], clean.WorkerIds[j], clean.LabelValues[label]);
        foreach (var (i, j, label) in malicious.Triples()) Append(text, clean.ItemIds[i], ids[j], clean.LabelValues[label]);

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, text.ToString());
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>The ids malicious workers get when written after <paramref name="clean"/>'s normal workers.</summary>
    public static string[] MaliciousIds(AnswerSet clean, int count)
    {
        var normalIds = clean.WorkerIds.Take(clean.NormalWorkers).ToList();
        var numbers = normalIds.Select(id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (long?)null).ToList();
        if (normalIds.Count > 0 && numbers.All(n => n.HasValue))
        {
            long max = numbers.Max(n => n!.Value);
            return Enumerable.Range(1, count).Select(k => (max + k).ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        var taken = new HashSet<string>(normalIds, StringComparer.Ordinal);
        var ids = Enumerable.Range(1, count).Select(k => "m" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var clash = ids.FirstOrDefault(taken.Contains);
        if (clash is not null) throw new AlfcInputException($"malicious worker id '{clash}' is already a normal worker's id in '{clean.Name}'");
        return ids;
    }

    private static void Append(StringBuilder text, string question, string worker, int label) =>
        text.Append(Quote(question)).Append(',').Append(Quote(worker)).Append(',').Append(label.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Ids with a comma or quote are quoted, so <see cref="Io.CsvTable"/> reads them back unchanged.</summary>
    private static string Quote(string id) => id.IndexOfAny([',', '"']) < 0 ? id : "\"" + id.Replace("\"", "\"\"") + "\"";
}
