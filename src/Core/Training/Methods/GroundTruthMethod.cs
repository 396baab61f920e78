using ALfc.Core.Aggregation;

namespace ALfc.Core.Training.Methods;

/// <summary>`gt`: the upper reference; trains on the true labels (one-hot), which a real crowd never has.</summary>
public sealed class GroundTruthMethod() : FixedTargetMethod("gt", data => (AggregationMath.OneHot(data.TrainGold, data.Classes), null));
