using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// An aggregator the black-box attacker fits itself, in place of the unknown victim (SubPac, Chen et al., IJCAI 2023,
/// section 4.2 of the notes): fitted on the normal answers plus the current malicious answers, it yields the unified
/// model of <see cref="Unified.UnifiedAggregationModel"/> for both worker groups and the clean class weights w̄.
/// </summary>
public interface ISubstituteAggregator
{
    /// <summary>The registry name (ds, zencrowd, mv, wmv).</summary>
    string Name { get; }

    /// <summary>
    /// Fits on <paramref name="normal"/> (items x M) joined with <paramref name="malicious"/> (items x M', possibly
    /// all <see cref="AnswerMatrix.Missing"/>); malicious worker j' is worker M + j' of the joint fit.
    /// </summary>
    SubstituteFit Fit(AnswerMatrix normal, AnswerMatrix malicious, int classes);
}
