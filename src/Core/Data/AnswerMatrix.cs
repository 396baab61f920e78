namespace ALfc.Core.Data;

/// <summary>
/// Crowd answers, items x workers, row-major. <see cref="Missing"/> (-1) marks "this worker did not label this item".
/// </summary>
public sealed class AnswerMatrix
{
    public const int Missing = -1;

    /// <summary>
    /// The most question x worker cells an answer matrix may have: answers are kept dense, so a small file of scattered
    /// answers (50,000 rows, each question with its own worker) would otherwise ask for 2.5·10⁹ cells and run the
    /// process out of memory; 20,000 such rows took 4.9 GB. 2^24 cells hold every truth-inference benchmark we know
    /// of (the largest, 20,232 x 766, has 15.5 million).
    /// </summary>
    public const long MaxCells = 1L << 24;

    /// <summary>Refuses, naming <paramref name="source"/>, a matrix of more than <see cref="MaxCells"/> cells, before it is allocated.</summary>
    public static void CheckSize(long items, long workers, string source)
    {
        if (items * workers > MaxCells)
            throw AlfcInputException.In(source, $"{items} questions x {workers} workers make {items * workers} answer cells, more than the {MaxCells} ALfc holds " +
                                                "(answers are kept as a dense questions x workers table)");
    }

    public AnswerMatrix(int items, int workers, int[] values)
    {
        if (values.Length != (long)items * workers)
            throw new ArgumentException($"expected {items}x{workers} answers, got {values.Length}", nameof(values));
        Items = items;
        Workers = workers;
        Values = values;
    }

    /// <summary>
    /// Worker w labels the items <paramref name="sets"/>[w] and nothing else, item sets[w][s] with label(w, s). Labels
    /// are asked for worker by worker, in set order, so a label drawn from a random stream is drawn in that order.
    /// </summary>
    public static AnswerMatrix FromItemSets(int items, IReadOnlyList<IReadOnlyList<int>> sets, Func<int, int, int> label)
    {
        var values = Enumerable.Repeat(Missing, items * sets.Count).ToArray();
        for (int w = 0; w < sets.Count; w++)
            for (int s = 0; s < sets[w].Count; s++) values[sets[w][s] * sets.Count + w] = label(w, s);
        return new AnswerMatrix(items, sets.Count, values);
    }

    public int Items { get; }
    public int Workers { get; }
    public int[] Values { get; }

    // How ReadingOrder is worked out on first use: attacks join tables in every substitute fit and never read it.
    private Func<AnswerOrder>? _order;
    private AnswerOrder? _readingOrder;

    /// <summary>
    /// The order the answers are read in (see <see cref="AnswerOrder"/>): for a table read from a file, the file's; for
    /// one joined by <see cref="AppendWorkers"/>, the first table's order and then the extra workers' answers worker by
    /// worker, as a poisoned file is written; for any other table built in memory, item by item, worker by worker.
    /// </summary>
    public AnswerOrder ReadingOrder => _readingOrder ??= _order?.Invoke() ?? new AnswerOrder(Triples().Select(t => (t.Item, t.Worker)));

    /// <summary>
    /// These answers, read in the order <paramref name="order"/> gives when first asked. Every caller builds it to fit
    /// (each answer once, from the rows that filled the table, or a clean order for the same clean answers), so it is
    /// not checked again.
    /// </summary>
    internal AnswerMatrix WithOrder(Func<AnswerOrder> order) => new(Items, Workers, Values) { _order = order };

    public int this[int item, int worker] => Values[item * Workers + worker];

    public ReadOnlySpan<int> ItemAnswers(int item) => Values.AsSpan(item * Workers, Workers);

    public int AnswerCount => Values.Count(v => v != Missing);

    /// <summary>Number of answers each worker gave (length = Workers).</summary>
    public int[] AnswersPerWorker()
    {
        var counts = new int[Workers];
        for (int i = 0; i < Items; i++)
            for (int j = 0; j < Workers; j++)
                if (this[i, j] != Missing) counts[j]++;
        return counts;
    }

    /// <summary>Number of answers each item received (length = Items).</summary>
    public int[] AnswersPerItem()
    {
        var counts = new int[Items];
        for (int i = 0; i < Items; i++)
            foreach (var v in ItemAnswers(i))
                if (v != Missing) counts[i]++;
        return counts;
    }

    /// <summary>The sparse (item, worker, label) triples, in item then worker order.</summary>
    public IEnumerable<(int Item, int Worker, int Label)> Triples()
    {
        for (int i = 0; i < Items; i++)
            for (int j = 0; j < Workers; j++)
            {
                var v = Values[i * Workers + j];
                if (v != Missing) yield return (i, j, v);
            }
    }

    /// <summary>
    /// These answers with <paramref name="extra"/>'s workers appended after this matrix's workers (same items).
    /// Poisoning uses it to join the normal and the malicious answers: malicious worker j' becomes worker
    /// <see cref="Workers"/> + j', as in the authors' files.
    /// </summary>
    public AnswerMatrix AppendWorkers(AnswerMatrix extra)
    {
        if (extra.Items != Items) throw new ArgumentException($"expected {Items} items, got {extra.Items}", nameof(extra));
        int workers = Workers + extra.Workers;
        var values = new int[Items * workers];
        for (int i = 0; i < Items; i++)
        {
            ItemAnswers(i).CopyTo(values.AsSpan(i * workers, Workers));
            extra.ItemAnswers(i).CopyTo(values.AsSpan(i * workers + Workers, extra.Workers));
        }
        // The joined table is read as a poisoned file is written: these answers in their order, then the extra workers'.
        return new AnswerMatrix(Items, workers, values) { _order = () => ReadingOrder.Append(extra, Workers) };
    }
}
