using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Training.Methods;

/// <summary>`mv`: trains on majority-vote labels (one-hot, ties to the lowest class).</summary>
public sealed class MajorityVoteMethod : FixedTargetMethod
{
    public override string Name => "mv";

    protected override (double[,] Targets, double[][,]? Confusions) Targets(CrowdDataset data) =>
        (new MajorityVote().Aggregate(data.Answers, data.Classes).Posteriors, null);
}
