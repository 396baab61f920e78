using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Training.Methods;

/// <summary>
/// `ds`: trains on Dawid-Skene labels (one-hot of the DS decision, as the A-LFC baseline trains on
/// hard DS labels); the learned worker models are DS's confusion matrices.
/// </summary>
public sealed class DawidSkeneMethod() : FixedTargetMethod("ds", Targets, learnsWorkers: true)
{
    private static (double[,] Targets, double[][,]? Confusions) Targets(CrowdDataset data)
    {
        var ds = new DawidSkene().Aggregate(data.Answers, data.Classes);
        return (AggregationMath.OneHot(ds.Labels, data.Classes), ds.Confusions);
    }
}
