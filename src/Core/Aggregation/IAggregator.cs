using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>
/// Infers true labels from crowd answers alone (no features). Training methods consume the
/// posteriors as soft targets (A-LFC starts from MV; the DS baseline trains on DS).
/// </summary>
public interface IAggregator
{
    /// <summary>The registry name (mv, wmv, ds, zencrowd, glad).</summary>
    string Name { get; }

    AggregationResult Aggregate(AnswerMatrix answers, int classes);
}
