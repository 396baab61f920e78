namespace ALfc.Core.Data.AnswerSets;

/// <summary>
/// A crowd answer table without features, in the folder format of the SubPac release (Chen et al., IJCAI 2023):
/// <c>answer.csv</c> (<c>question,worker,answer</c>) plus an optional <c>truth.csv</c> (<c>question,truth</c>).
/// <see cref="Answers"/> is items x workers with dense indices; <see cref="ItemIds"/> and <see cref="WorkerIds"/>
/// keep the ids the files used. Workers 0..<see cref="NormalWorkers"/>-1 are the normal (clean) workers; a
/// poisoned set (<see cref="AnswerSetLoader.LoadPoisoned"/>) appends its malicious workers after them, as the
/// authors' files and <see cref="AnswerMatrix.AppendWorkers"/> do. Labels are class indices 0..K-1;
/// <see cref="LabelValues"/> gives the label each index stood for in the files (the identity for 0-based labels).
/// </summary>
public sealed record AnswerSet
{
    public AnswerSet(string name, AnswerMatrix answers, int classes, int[] truth, IReadOnlyList<string> itemIds,
        IReadOnlyList<string> workerIds, int? normalWorkers = null, IReadOnlyList<int>? labelValues = null, AnswerOrder? normalOrder = null)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"need at least 2 classes, got {classes}");
        labelValues ??= Enumerable.Range(0, classes).ToArray();
        if (labelValues.Count != classes) throw new ArgumentException($"{labelValues.Count} label values for {classes} classes", nameof(labelValues));
        if (labelValues.Distinct().Count() != classes) throw new ArgumentException("label values must be distinct", nameof(labelValues));
        if (truth.Length != answers.Items) throw new ArgumentException($"{truth.Length} truth entries for {answers.Items} items", nameof(truth));
        if (itemIds.Count != answers.Items) throw new ArgumentException($"{itemIds.Count} item ids for {answers.Items} items", nameof(itemIds));
        if (workerIds.Count != answers.Workers) throw new ArgumentException($"{workerIds.Count} worker ids for {answers.Workers} workers", nameof(workerIds));
        int normal = normalWorkers ?? answers.Workers;
        if (normal < 0 || normal > answers.Workers) throw new ArgumentOutOfRangeException(nameof(normalWorkers), $"{normal} normal workers of {answers.Workers}");
        Name = name;
        Answers = answers;
        Classes = classes;
        Truth = truth;
        ItemIds = itemIds;
        WorkerIds = workerIds;
        NormalWorkers = normal;
        LabelValues = labelValues;
        _normalOrder = normalOrder;
    }

    public string Name { get; init; }

    /// <summary>Items x workers, <see cref="AnswerMatrix.Missing"/> where a worker gave no label.</summary>
    public AnswerMatrix Answers { get; }

    /// <summary>K: the number of classes (at least 2).</summary>
    public int Classes { get; }

    /// <summary>The label class k stood for in the files, k = 0..K-1, in increasing order; written back as is.</summary>
    public IReadOnlyList<int> LabelValues { get; }

    /// <summary>
    /// The true class per item, -1 where <c>truth.csv</c> has none (or there is no truth file), and
    /// <see cref="UnseenTruth"/> (K) where the true label is one no worker gave: no aggregator of these answers can output
    /// it, so such an item counts as wrong for every one. Never an index into anything of K entries.
    /// </summary>
    public int[] Truth { get; }

    /// <summary>The <see cref="Truth"/> of an item whose true label is not among the answers' classes: K.</summary>
    public int UnseenTruth => Classes;

    /// <summary>Items whose true label no worker gave (<see cref="UnseenTruth"/>).</summary>
    public int TruthOutsideClasses => Truth.Count(t => t == UnseenTruth);

    public IReadOnlyList<string> ItemIds { get; }
    public IReadOnlyList<string> WorkerIds { get; }

    /// <summary>How many of the workers are normal; the rest (if any) are malicious, appended after them.</summary>
    public int NormalWorkers { get; }

    public int MaliciousWorkers => Answers.Workers - NormalWorkers;

    /// <summary>Rows of <c>truth.csv</c> for questions with no answers, set aside when the set was read (no victim labels them).</summary>
    public int TruthWithoutAnswers { get; init; }

    /// <summary>Number of items with a known true label.</summary>
    public int KnownTruth => Truth.Count(t => t >= 0);

    /// <summary>
    /// This set's normal workers with <paramref name="malicious"/>'s workers (items x M') appended after them, named as
    /// the authors' files name them (<see cref="AnswerSetWriter.MaliciousIds"/>): the poisoned set an attack makes.
    /// </summary>
    public AnswerSet WithMalicious(AnswerMatrix malicious) =>
        new(Name, NormalAnswers().AppendWorkers(malicious), Classes, Truth, ItemIds,
            [.. WorkerIds.Take(NormalWorkers), .. AnswerSetWriter.MaliciousIds(this, malicious.Workers)], NormalWorkers, LabelValues)
        {
            TruthWithoutAnswers = TruthWithoutAnswers,
        };

    /// <summary>
    /// The order of the clean file's answers when this poisoned set was read from a file (<see cref="AnswerSetLoader.LoadPoisoned"/>):
    /// the authors score the clean run on that file, whose order a poisoned file need not repeat. Null otherwise.
    /// </summary>
    private readonly AnswerOrder? _normalOrder;

    /// <summary>The normal workers' answers alone (the clean table when this set is poisoned), in the clean file's order.</summary>
    public AnswerMatrix NormalAnswers() => Columns(0, NormalWorkers);

    /// <summary>The malicious workers' answers alone, items x M' (zero columns for a clean set).</summary>
    public AnswerMatrix MaliciousAnswers() => Columns(NormalWorkers, MaliciousWorkers);

    private AnswerMatrix Columns(int first, int count)
    {
        if (first == 0 && count == Answers.Workers && _normalOrder is null) return Answers;
        var values = new int[Answers.Items * count];
        for (int i = 0; i < Answers.Items; i++)
            Answers.ItemAnswers(i).Slice(first, count).CopyTo(values.AsSpan(i * count, count));
        var columns = new AnswerMatrix(Answers.Items, count, values);
        // The normal workers keep the clean file's order (or, failing that, the order they have here); the malicious
        // columns alone are only ever written worker by worker, which needs none.
        if (first != 0) return columns;
        var answers = Answers;
        return columns.WithOrder(_normalOrder is { } clean ? () => clean : () => answers.ReadingOrder.FirstWorkers(count));
    }
}
