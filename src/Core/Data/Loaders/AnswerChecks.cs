namespace ALfc.Core.Data.Loaders;

/// <summary>Checks shared by the loaders that read an items x workers answer matrix from a file.</summary>
internal static class AnswerChecks
{
    /// <summary>
    /// A worker column with no answer has no defined confusion matrix (0/0 in every M-step), so it
    /// is refused by name rather than silently carried along.
    /// </summary>
    public static void EveryWorkerAnswered(string path, AnswerMatrix answers, IReadOnlyList<string> workerIds)
    {
        // No worker at all would aggregate to "N items, 0 workers" and train on nothing.
        if (answers.Workers == 0) throw AlfcInputException.In(path, "no worker columns: a crowd dataset needs answers");
        var counts = answers.AnswersPerWorker();
        for (int j = 0; j < counts.Length; j++)
            if (counts[j] == 0)
                throw AlfcInputException.In(path, $"worker {workerIds[j]} (column {j + 1}) has no answers; remove the column");
    }

    /// <summary>Every answer is -1 or a class index in 0..K-1; the error names the line (row) and column.</summary>
    public static void LabelsInRange(string path, AnswerMatrix answers, int classes)
    {
        for (int i = 0; i < answers.Items; i++)
            for (int j = 0; j < answers.Workers; j++)
            {
                int v = answers[i, j];
                if (v != AnswerMatrix.Missing && (v < 0 || v >= classes))
                    throw AlfcInputException.At(path, i + 1, $"column {j + 1}: class {v} out of range 0..{classes - 1} (-1 = no answer)");
            }
    }

    public static void GoldInRange(string path, int[] labels, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw AlfcInputException.At(path, i + 1, $"class {labels[i]} out of range 0..{classes - 1}");
    }

    public static void SameCount(string path, int found, string otherPath, int expected, string what)
    {
        if (found != expected)
            throw AlfcInputException.In(path, $"{found} {what}, but {Path.GetFileName(otherPath)} has {expected}");
    }

    public static IReadOnlyList<string> NumberedWorkers(int count) =>
        Enumerable.Range(0, count).Select(j => $"w{j}").ToArray();
}
