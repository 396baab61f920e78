using ALfc.Core.Aggregation;
using ALfc.Core.Data;
using ALfc.Core.Poisoning.Unified;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// The majority-vote substitute (<c>subMethods/MV.py</c>; Theorem 2): W^(j) = W̃^(j') = I, w* = 0, so the clean
/// weights w̄_ik are the normal workers' vote counts and each malicious answer adds one vote.
/// </summary>
public sealed class MajorityVoteSubstitute : ISubstituteAggregator
{
    public string Name => "mv";

    public SubstituteFit Fit(AnswerMatrix normal, AnswerMatrix malicious, int classes)
    {
        var model = UnifiedAggregationModel.ForMajorityVote(normal.Workers, classes);
        var maliciousMatrices = Enumerable.Range(0, malicious.Workers).Select(_ => UnifiedAggregationModel.Diagonal(classes, 1, 0)).ToArray();
        return new SubstituteFit(model, maliciousMatrices, AggregationMath.Votes(normal, classes));
    }
}
