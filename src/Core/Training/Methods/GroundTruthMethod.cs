using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Training.Methods;

/// <summary>`gt`: the upper reference; trains on the true labels (one-hot), which a real crowd never has.</summary>
public sealed class GroundTruthMethod : FixedTargetMethod
{
    public override string Name => "gt";

    protected override (double[,] Targets, double[][,]? Confusions) Targets(CrowdDataset data) =>
        (AggregationMath.OneHot(data.TrainGold, data.Classes), null);
}
