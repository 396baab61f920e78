using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// Majority voting as the SubPac evaluation runs it (<c>attackedMethods/MV/method.py</c>): the posterior of item i
/// is the fraction of its answers per label, p_ik = #{j: y_ij = k} / n_i (uniform for an item without answers),
/// and the label follows <see cref="SubPacDecision"/> (ties to the highest label, unlike ALfc's <c>mv</c>).
/// </summary>
public sealed class SubPacMajorityVote : IAggregator
{
    public string Name => "subpac-mv";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        var posteriors = AggregationMath.NormalizeRows(AggregationMath.Votes(answers, classes));
        return new AggregationResult(SubPacDecision.Labels(posteriors), posteriors);
    }
}
