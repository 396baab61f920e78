namespace ALfc.Core.Data;

/// <summary>
/// The order in which a table's answers were read from their file, as (item, worker) index pairs. The SubPac
/// authors' victims iterate Python dicts filled line by line, so their random tie-breaks (CRH, CATD) draw for the
/// items in the file's order of first appearance, list an item's tied labels in the order of its answers, and sum
/// weights in that order; an answer matrix alone, indexed by sorted ids, cannot say which. A table built in memory
/// is read item by item, worker by worker, and a poisoned table as <see cref="AnswerSets.AnswerSetWriter"/> writes it
/// (<see cref="AnswerMatrix.ReadingOrder"/>).
/// </summary>
public sealed class AnswerOrder
{
    private readonly (int Item, int Worker)[] _answers;

    /// <summary>The answers in file order; each (item, worker) once.</summary>
    public AnswerOrder(IEnumerable<(int Item, int Worker)> answers) => _answers = [.. answers];

    public IReadOnlyList<(int Item, int Worker)> Answers => _answers;

    // Worked out once: the victims ask for them in each of up to 100 rounds.
    private IReadOnlyList<(int Item, int[] Workers)>? _byItem;
    private IReadOnlyList<int>? _workers;

    /// <summary>The items in order of first appearance, each with its workers in the order of its answers (items without answers are absent).</summary>
    public IReadOnlyList<(int Item, int[] Workers)> ByItem()
    {
        if (_byItem is { } done) return done;
        var workers = new Dictionary<int, List<int>>();
        var items = new List<int>();
        foreach (var (i, j) in _answers)
        {
            if (!workers.TryGetValue(i, out var list)) { workers[i] = list = []; items.Add(i); }
            list.Add(j);
        }
        return _byItem = items.Select(i => (i, workers[i].ToArray())).ToList();
    }

    /// <summary>The workers in order of first appearance (workers without answers are absent).</summary>
    public IReadOnlyList<int> WorkersByFirstAppearance()
    {
        if (_workers is { } done) return done;
        var seen = new HashSet<int>();
        return _workers = _answers.Select(a => a.Worker).Where(seen.Add).ToList();
    }

    /// <summary>The answers of workers 0..<paramref name="workers"/>-1 only, in this order (the normal part of a poisoned table).</summary>
    public AnswerOrder FirstWorkers(int workers) => new(_answers.Where(a => a.Worker < workers));

    /// <summary>
    /// This order followed by <paramref name="extra"/>'s answers, worker by worker and item by item within a worker,
    /// its worker j becoming <paramref name="offset"/> + j: the order a poisoned file is written in.
    /// </summary>
    public AnswerOrder Append(AnswerMatrix extra, int offset) =>
        new(_answers.Concat(extra.Triples().OrderBy(t => t.Worker).Select(t => (t.Item, offset + t.Worker))));
}
