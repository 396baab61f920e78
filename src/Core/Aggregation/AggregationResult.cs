namespace ALfc.Core.Aggregation;

/// <summary>
/// What an aggregator inferred. <see cref="Posteriors"/> is items x classes with rows summing to 1;
/// <see cref="Labels"/> are the decisions (argmax, with the aggregator's tie rule). Worker parameters
/// are present where the model has them: <see cref="Confusions"/>[j][true, answered] or one
/// <see cref="Reliabilities"/> value per worker. <see cref="LogLikelihoods"/> is the objective per
/// iteration for the iterative ones.
/// </summary>
public sealed record AggregationResult(
    int[] Labels,
    double[,] Posteriors,
    double[][,]? Confusions = null,
    double[]? Reliabilities = null,
    int Iterations = 0,
    IReadOnlyList<double>? LogLikelihoods = null)
{
    public double Accuracy(IReadOnlyList<int> gold) => AggregationMath.Accuracy(Labels, gold);
}
