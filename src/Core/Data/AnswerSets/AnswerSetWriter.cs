using System.Globalization;
using System.Text;
using ALfc.Core.Data.Io;

namespace ALfc.Core.Data.AnswerSets;

/// <summary>
/// Writes a poisoned answer file in the authors' <c>question,worker,answer</c> format (readable back with
/// <see cref="AnswerSetLoader.LoadPoisoned"/>): every normal answer first (in the clean file's order), then the malicious
/// workers' answers, worker by worker. Malicious ids follow the normal ones: max+1, max+2, … when the clean worker ids are all
/// integers (as in the released files), else "m1", "m2", … skipping any id a normal worker already has. The file goes
/// through a <see cref="PendingFile"/>, so a reader never sees half a file and no other file is replaced.
/// </summary>
public static class AnswerSetWriter
{
    /// <summary>Writes the file at <paramref name="path"/>, which must not exist yet.</summary>
    public static void Write(string path, AnswerSet clean, AnswerMatrix malicious)
    {
        using var file = PendingFile.Reserve(path);
        file.Commit(Format(clean, malicious));
    }

    /// <summary>The file's text: the header, the normal answers, then the malicious ones.</summary>
    public static string Format(AnswerSet clean, AnswerMatrix malicious)
    {
        if (malicious.Items != clean.Answers.Items)
            throw new ArgumentException($"{malicious.Items} malicious items for {clean.Answers.Items} clean items", nameof(malicious));
        var ids = MaliciousIds(clean, malicious.Workers);
        var normal = clean.NormalAnswers();
        var text = new StringBuilder("question,worker,answer\n");
        // Labels go out as the files had them (class k is clean.LabelValues[k]).
        // Normal answers in the order they were read (a file's own order, which the authors' victims iterate in), item by item otherwise.
        foreach (var (i, j) in normal.ReadingOrder.Answers) Append(text, clean.ItemIds[i], clean.WorkerIds[j], clean.LabelValues[normal[i, j]]);
        // Malicious answers worker by worker: a reader orders ids that are not all integers by first appearance, so
        // m1 must come before m2 for the file to read back with the workers in the same order.
        foreach (var (i, j, label) in malicious.Triples().OrderBy(t => t.Worker)) Append(text, clean.ItemIds[i], ids[j], clean.LabelValues[label]);
        return text.ToString();
    }

    /// <summary>
    /// The ids malicious workers get when written after <paramref name="clean"/>'s normal workers: never a normal
    /// worker's id, so the file reads back with the same workers. Integer ids continue from the largest when that
    /// does not pass <see cref="long.MaxValue"/>; otherwise the "m" ids are used.
    /// </summary>
    public static string[] MaliciousIds(AnswerSet clean, int count)
    {
        var normalIds = clean.WorkerIds.Take(clean.NormalWorkers).ToList();
        var numbers = normalIds.Select(id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (long?)null).ToList();
        if (normalIds.Count > 0 && numbers.All(n => n.HasValue))
        {
            long max = numbers.Max(n => n!.Value);
            if (max <= long.MaxValue - count)
                return Enumerable.Range(1, count).Select(k => (max + k).ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        var taken = new HashSet<string>(normalIds, StringComparer.Ordinal);
        return Enumerable.Range(1, int.MaxValue).Select(k => "m" + k.ToString(CultureInfo.InvariantCulture)).Where(id => !taken.Contains(id)).Take(count).ToArray();
    }

    private static void Append(StringBuilder text, string question, string worker, int label) =>
        text.Append(Quote(question)).Append(',').Append(Quote(worker)).Append(',').Append(label.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Ids with a comma or quote are quoted, so <see cref="Io.CsvTable"/> reads them back unchanged.</summary>
    private static string Quote(string id) => id.IndexOfAny([',', '"']) < 0 ? id : "\"" + id.Replace("\"", "\"\"") + "\"";
}
