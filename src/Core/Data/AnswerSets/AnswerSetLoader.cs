using System.Globalization;
using ALfc.Core.Data.Io;

namespace ALfc.Core.Data.AnswerSets;

/// <summary>
/// Reads the SubPac answer-set folder format (see <see cref="AnswerSet"/>) and the authors' poisoned answer files
/// (<c>outputPoisonAnswer/&lt;ds&gt;/&lt;attack&gt;/&lt;substitute&gt;/mW_…csv</c>: the clean answers plus extra malicious
/// workers). Ids that are all integers are ordered numerically (so the released sets, whose ids are 0-based
/// integers, keep index = id); otherwise they keep their order of first appearance. Labels are non-negative integers.
/// The classes are the labels in the answers (never the truth's): when those are 0..K-1 they are the class indices;
/// otherwise (1-based labels, gaps) the distinct labels, in increasing order, become classes 0..K-1
/// (<see cref="AnswerSet.LabelValues"/> keeps them, and a written file uses them again), so a 1-based binary set is two
/// classes, not three with one never used. A true label no worker gave is kept as one no aggregator can output
/// (<see cref="AnswerSet.UnseenTruth"/>). Every rejection is one line naming the file and line.
/// </summary>
public static class AnswerSetLoader
{
    public const string AnswerFile = "answer.csv";
    public const string TruthFile = "truth.csv";

    /// <summary>The most classes an answer set may have (see <see cref="Load"/>).</summary>
    public const int MaxClasses = 256;

    /// <summary>Loads <c>answer.csv</c> and, when present, <c>truth.csv</c> from <paramref name="dir"/>.</summary>
    public static AnswerSet Load(string dir)
    {
        if (!Directory.Exists(dir))
            throw File.Exists(dir)
                ? AlfcInputException.In(dir, $"is a file; give the answer-set folder that holds {AnswerFile} and {TruthFile}")
                : MissingInputException.In(dir, "answer-set folder not found");
        var answerPath = Path.Combine(dir, AnswerFile);
        if (!File.Exists(answerPath) && !Directory.Exists(answerPath))
            throw InputFile.AccessDenied(answerPath) ? AlfcInputException.In(answerPath, InputFile.PermissionDenied) : MissingInputException.In(answerPath, "file not found");
        var rows = ReadAnswers(answerPath);

        var itemIds = OrderIds(rows.Select(r => r.Question));
        var workerIds = OrderIds(rows.Select(r => r.Worker));
        var itemIndex = IndexOf(itemIds);
        var workerIndex = IndexOf(workerIds);
        AnswerMatrix.CheckSize(itemIds.Count, workerIds.Count, answerPath);

        var values = Enumerable.Repeat(AnswerMatrix.Missing, itemIds.Count * workerIds.Count).ToArray();
        var firstLine = new Dictionary<(int, int), int>();
        var read = new List<(int, int)>(rows.Count); // the file's order, for the victims (AnswerOrder)
        foreach (var row in rows)
        {
            int i = itemIndex[row.Question], j = workerIndex[row.Worker];
            read.Add((i, j));
            if (!firstLine.TryAdd((i, j), row.Line))
                throw AlfcInputException.At(answerPath, row.Line,
                    $"duplicate answer of worker '{row.Worker}' to question '{row.Question}' (first at line {firstLine[(i, j)]})");
            values[i * workerIds.Count + j] = row.Label;
        }

        var truth = Enumerable.Repeat(-1, itemIds.Count).ToArray();
        var unansweredSeen = new Dictionary<string, int>(StringComparer.Ordinal); // question id -> line
        var truthPath = Path.Combine(dir, TruthFile);
        // Without truth.csv the set still loads (an attack needs no truth); its accuracies and ASRs are then undefined.
        if (Directory.Exists(truthPath)) throw AlfcInputException.In(truthPath, "is a folder, not a file");
        if (File.Exists(truthPath))
        {
            var table = CsvTable.Read(truthPath);
            int question = RequireColumn(table, "question"), label = RequireColumn(table, "truth");
            var seen = new Dictionary<int, int>();
            for (int r = 0; r < table.Rows.Count; r++)
            {
                int line = table.Rows[r].Line;
                var id = table.Text(r, question);
                // A question no worker answered is in no victim's output, as in the authors' scoring (it counts only the
                // questions aggregated): its truth is checked and set aside, and poison and victims say how many there were.
                // A set made by dropping workers or questions from another keeps working with the other's truth.csv.
                if (!itemIndex.TryGetValue(id, out var i))
                {
                    ParseLabel(table, r, label);
                    if (!unansweredSeen.TryAdd(id, line))
                        throw AlfcInputException.At(truthPath, line, $"second truth for question '{id}' (first at line {unansweredSeen[id]})");
                    continue;
                }
                if (!seen.TryAdd(i, line))
                    throw AlfcInputException.At(truthPath, line, $"second truth for question '{id}' (first at line {seen[i]})");
                truth[i] = ParseLabel(table, r, label);
            }
        }

        // The classes come from the answers alone: the truth is for scoring, and a label only the truth has must not
        // give the attack or the victims a class to use (it once did: an attacker wrote label 7 because truth.csv held it).
        var labelValues = LabelValues(values.Where(v => v != AnswerMatrix.Missing));
        // Every aggregator keeps K x K matrices per worker, so memory and time grow with K² (a probe of 2000 labels
        // reached 2.7 GB in `alfc poison --attack flip`).
        // Far more classes than any crowd task has mean the labels are ids or free text.
        if (labelValues.Length > MaxClasses)
            throw AlfcInputException.In(answerPath, $"{labelValues.Length} distinct labels; at most {MaxClasses} classes are supported (are the labels ids or free text?)");
        var classOf = labelValues.Select((value, k) => (value, k)).ToDictionary(p => p.value, p => p.k);
        for (int x = 0; x < values.Length; x++) if (values[x] != AnswerMatrix.Missing) values[x] = classOf[values[x]];
        for (int i = 0; i < truth.Length; i++)
            if (truth[i] >= 0) truth[i] = classOf.TryGetValue(truth[i], out var k) ? k : labelValues.Length; // AnswerSet.UnseenTruth

        var name = new DirectoryInfo(Path.GetFullPath(dir)).Name;
        var order = new AnswerOrder(read);
        return new AnswerSet(name, new AnswerMatrix(itemIds.Count, workerIds.Count, values).WithOrder(() => order), labelValues.Length,
            truth, itemIds, workerIds, labelValues: labelValues) { TruthWithoutAnswers = unansweredSeen.Count };
    }

    /// <summary>
    /// The label each class stands for: 0..K-1 when the labels seen are exactly those (at least 2 classes), else the
    /// distinct labels in increasing order, with one more (the smallest unused) when only one label occurs.
    /// </summary>
    private static int[] LabelValues(IEnumerable<int> labels)
    {
        var distinct = labels.Distinct().Order().ToList();
        if (distinct.Count == 0 || distinct[^1] == distinct.Count - 1)
            return Enumerable.Range(0, Math.Max(2, distinct.Count)).ToArray();
        // One label v > 0 only (0 alone is the identity case above): 0 is the smallest unused, and comes first.
        if (distinct.Count == 1) distinct.Insert(0, 0);
        return distinct.ToArray();
    }

    /// <summary>
    /// Reads a poisoned <c>question,worker,answer</c> file made from <paramref name="clean"/>: the clean answers
    /// unchanged plus the answers of new (malicious) workers. Known worker ids keep their clean index; new ids are
    /// appended after the clean workers (numeric order when all new ids are integers, else first appearance).
    /// Refuses a question the clean set does not have, a label outside the clean classes, a normal worker's
    /// answer that differs from (or is absent in) the clean set, and a file that drops clean answers.
    /// </summary>
    public static AnswerSet LoadPoisoned(AnswerSet clean, string csvPath)
    {
        if (clean.MaliciousWorkers != 0) throw new ArgumentException("the clean set already has malicious workers", nameof(clean));
        var rows = ReadAnswers(csvPath);
        var itemIndex = IndexOf(clean.ItemIds);
        var cleanWorkers = IndexOf(clean.WorkerIds);

        var newIds = OrderIds(rows.Where(r => !cleanWorkers.ContainsKey(r.Worker)).Select(r => r.Worker));
        var workerIds = clean.WorkerIds.Concat(newIds).ToArray();
        var workerIndex = IndexOf(workerIds);
        int items = clean.Answers.Items, workers = workerIds.Length;
        AnswerMatrix.CheckSize(items, workers, csvPath);

        var values = Enumerable.Repeat(AnswerMatrix.Missing, items * workers).ToArray();
        var firstLine = new Dictionary<(int, int), int>();
        var classOf = clean.LabelValues.Select((value, k) => (value, k)).ToDictionary(p => p.value, p => p.k);
        int normalSeen = 0;
        var read = new List<(int, int)>(rows.Count); // the file's order, for the victims (AnswerOrder)
        foreach (var rawRow in rows)
        {
            if (!itemIndex.TryGetValue(rawRow.Question, out var i))
                throw AlfcInputException.At(csvPath, rawRow.Line, $"question '{rawRow.Question}' is not in the clean set '{clean.Name}'");
            if (!classOf.TryGetValue(rawRow.Label, out var k))
                throw AlfcInputException.At(csvPath, rawRow.Line, $"label {rawRow.Label} is not one of the clean set's labels ({string.Join(", ", clean.LabelValues)})");
            var row = rawRow with { Label = k };
            int j = workerIndex[row.Worker];
            if (!firstLine.TryAdd((i, j), row.Line))
                throw AlfcInputException.At(csvPath, row.Line,
                    $"duplicate answer of worker '{row.Worker}' to question '{row.Question}' (first at line {firstLine[(i, j)]})");
            read.Add((i, j));
            if (j < clean.NormalWorkers)
            {
                int expected = clean.Answers[i, j];
                if (expected != row.Label)
                    throw AlfcInputException.At(csvPath, row.Line, expected == AnswerMatrix.Missing
                        ? $"normal worker '{row.Worker}' answers question '{row.Question}', which it did not answer in the clean set"
                        : $"normal worker '{row.Worker}' answers question '{row.Question}' with {rawRow.Label}, the clean set has {clean.LabelValues[expected]}");
                normalSeen++;
            }
            values[i * workers + j] = row.Label;
        }

        int cleanCount = clean.Answers.AnswerCount;
        if (normalSeen != cleanCount)
        {
            var (mi, mj, _) = clean.Answers.Triples().First(t => values[t.Item * workers + t.Worker] == AnswerMatrix.Missing);
            throw AlfcInputException.In(csvPath,
                $"{cleanCount - normalSeen} clean answers are missing, e.g. worker '{clean.WorkerIds[mj]}' on question '{clean.ItemIds[mi]}'");
        }

        var order = new AnswerOrder(read);
        return new AnswerSet(clean.Name, new AnswerMatrix(items, workers, values).WithOrder(() => order), clean.Classes, clean.Truth, clean.ItemIds,
            workerIds, clean.NormalWorkers, clean.LabelValues, clean.Answers.ReadingOrder) { TruthWithoutAnswers = clean.TruthWithoutAnswers };
    }

    private readonly record struct Row(int Line, string Question, string Worker, int Label);

    private static List<Row> ReadAnswers(string path)
    {
        var table = CsvTable.Read(path);
        int question = RequireColumn(table, "question"), worker = RequireColumn(table, "worker"), answer = RequireColumn(table, "answer");
        if (table.Rows.Count == 0) throw AlfcInputException.At(path, 1, "no answers (the file has only a header)");
        var rows = new List<Row>(table.Rows.Count);
        for (int r = 0; r < table.Rows.Count; r++)
            rows.Add(new Row(table.Rows[r].Line, table.Text(r, question), table.Text(r, worker), ParseLabel(table, r, answer)));
        return rows;
    }

    private static int RequireColumn(CsvTable table, string name)
    {
        if (!table.HasColumn(name)) throw AlfcInputException.At(table.Path, 1, $"missing column '{name}' (header: {string.Join(",", table.Header)})");
        // Which of two 'answer' columns was meant? Taking the first without a word could score the wrong one.
        int count = table.Header.Count(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (count > 1) throw AlfcInputException.At(table.Path, 1, $"column '{name}' appears {count} times in the header ({string.Join(",", table.Header)})");
        return table.Column(name);
    }

    private static int ParseLabel(CsvTable table, int row, int column)
    {
        var text = table.Text(row, column);
        // .NET's parser ignores trailing NUL characters ("0\0" would read as 0): a label is plain digits only.
        if (!text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var label))
            throw AlfcInputException.At(table.Path, table.Rows[row].Line,
                $"column '{table.Header[column]}': '{text}' is not a non-negative integer label");
        return label;
    }

    /// <summary>Distinct ids, numerically when every id is an integer (so "10" follows "9"), else in first-seen order.</summary>
    private static IReadOnlyList<string> OrderIds(IEnumerable<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.All(id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            distinct.Sort((a, b) => long.Parse(a, CultureInfo.InvariantCulture).CompareTo(long.Parse(b, CultureInfo.InvariantCulture)));
        return distinct;
    }

    private static Dictionary<string, int> IndexOf(IReadOnlyList<string> ids)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++) index[ids[i]] = i;
        return index;
    }
}
