using ALfc.Core.Data.Io;

namespace ALfc.Core.Data.Loaders;

/// <summary>
/// The CSV layout of Rodrigues' mturk-datasets archive, shared by music and sentiment: a gold CSV
/// (id, feature columns, class) for training, a test CSV of the same shape, and an answers CSV with
/// one row per crowd answer (item id, worker id, answered class). Classes are sorted by name; worker
/// columns are the worker ids sorted ordinally; items keep the gold file's order.
/// </summary>
internal sealed record RodriguesCsvLayout(
    string GoldFile,
    string TestFile,
    string AnswersFile,
    string[] ItemColumn,
    string[] WorkerColumn,
    string[] AnswerColumn)
{
    /// <summary>The three CSVs of this layout in <paramref name="folder"/>.</summary>
    public IReadOnlyList<string> Files(string folder) => [Path.Combine(folder, GoldFile), Path.Combine(folder, TestFile), Path.Combine(folder, AnswersFile)];

    public CrowdDataset Load(string datasetName, string folder)
    {
        var gold = CsvTable.Read(Path.Combine(folder, GoldFile));
        var test = CsvTable.Read(Path.Combine(folder, TestFile));
        var crowd = CsvTable.Read(Path.Combine(folder, AnswersFile));

        var featureColumns = gold.Header.Where(IsFeatureColumn).ToArray();
        if (featureColumns.Length == 0) throw AlfcInputException.In(gold.Path, "no feature columns (expected every column but 'id' and 'class' to be a feature)");

        var classNames = ClassValues(gold).Concat(ClassValues(test))
            .Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToArray();
        var classIndex = classNames.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

        // A header-only file would train to NaN accuracy and be stored as if it were a result: refuse it here, by name.
        foreach (var table in new[] { gold, test, crowd })
            if (table.Rows.Count == 0) throw AlfcInputException.In(table.Path, "no rows after the header (an empty dataset cannot be trained or tested)");
        var (trainX, trainY, trainIds) = ReadLabelled(gold, featureColumns, classIndex);
        var (testX, testY, _) = ReadLabelled(test, featureColumns, classIndex);

        var itemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < trainIds.Length; i++)
            if (!itemIndex.TryAdd(trainIds[i], i)) throw AlfcInputException.At(gold.Path, gold.Rows[i].Line, $"duplicate id '{trainIds[i]}'");

        int idCol = FindColumn(crowd, ItemColumn), workerCol = FindColumn(crowd, WorkerColumn), answerCol = FindColumn(crowd, AnswerColumn);
        var workers = crowd.Rows.Select((_, r) => crowd.Text(r, workerCol)).Distinct(StringComparer.Ordinal)
            .OrderBy(w => w, StringComparer.Ordinal).ToArray();
        var workerIndex = workers.Select((w, j) => (w, j)).ToDictionary(p => p.w, p => p.j, StringComparer.Ordinal);
        var answers = Enumerable.Repeat(AnswerMatrix.Missing, trainIds.Length * workers.Length).ToArray();
        for (int r = 0; r < crowd.Rows.Count; r++)
        {
            int line = crowd.Rows[r].Line;
            var id = crowd.Text(r, idCol);
            if (!itemIndex.TryGetValue(id, out var item)) throw AlfcInputException.At(crowd.Path, line, $"item id '{id}' is not in {GoldFile}");
            var label = crowd.Text(r, answerCol);
            if (!classIndex.TryGetValue(label, out var k))
                throw AlfcInputException.At(crowd.Path, line, $"class '{label}' is not one of the gold classes ({string.Join(", ", classNames)})");
            var worker = crowd.Text(r, workerCol);
            int at = item * workers.Length + workerIndex[worker];
            if (answers[at] != AnswerMatrix.Missing)
                throw AlfcInputException.At(crowd.Path, line, $"duplicate answer by worker '{worker}' for item '{id}'");
            answers[at] = k;
        }

        return new CrowdDataset(datasetName, trainX, trainY, testX, testY,
            new AnswerMatrix(trainIds.Length, workers.Length, answers), classNames, workers, FeatureScaling.None);
    }

    private static bool IsFeatureColumn(string header) =>
        !header.Equals("id", StringComparison.OrdinalIgnoreCase) && !header.Equals("class", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> ClassValues(CsvTable table)
    {
        int col = table.Column("class");
        return table.Rows.Select((_, r) => table.Text(r, col));
    }

    private static int FindColumn(CsvTable table, string[] candidates)
    {
        foreach (var name in candidates)
            if (table.HasColumn(name)) return table.Column(name);
        throw AlfcInputException.In(table.Path, $"missing column: expected one of {string.Join(", ", candidates.Select(c => $"'{c}'"))}");
    }

    private static (FeatureMatrix X, int[] Y, string[] Ids) ReadLabelled(CsvTable table, string[] featureColumns, Dictionary<string, int> classIndex)
    {
        var columns = featureColumns.Select(table.Column).ToArray();
        int idCol = table.Column("id"), classCol = table.Column("class");
        int n = table.Rows.Count, d = columns.Length;
        var values = new float[n * d];
        var labels = new int[n];
        var ids = new string[n];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++) values[r * d + j] = table.Float(r, columns[j]);
            labels[r] = classIndex[table.Text(r, classCol)];
            ids[r] = table.Text(r, idCol);
        }
        return (new FeatureMatrix(n, d, values), labels, ids);
    }
}
