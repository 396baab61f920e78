namespace ALfc.Core.Training;

/// <summary>What a method's fit hands back besides the weights: per replica, the worker confusion matrices it learned (or null), and the epochs run.</summary>
public sealed record FitResult(IReadOnlyList<double[][,]?> Confusions, int EpochsRun)
{
    /// <summary>The same confusions (or none) for every replica: a method whose worker model does not depend on the seed (DS).</summary>
    public static FitResult Shared(int replicas, double[][,]? confusions, int epochsRun) =>
        new(Enumerable.Repeat(confusions, replicas).ToArray(), epochsRun);
}
