namespace ALfc.Core.Evaluation;

/// <summary>The A-LFC paper's test eps lists (sized for features in [0, 1]).</summary>
public static class EpsilonPresets
{
    /// <summary>LabelMe and music (and the synthetic default): 0.001 ... 0.03.</summary>
    public static IReadOnlyList<double> Images { get; } = [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03];

    /// <summary>Sentiment: 0.001 ... 0.01.</summary>
    public static IReadOnlyList<double> Sentiment { get; } = [0.001, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01];

    /// <summary>Exp 1 (alpha sensitivity): PGD-10 with random start at this eps only.</summary>
    public static IReadOnlyList<double> AlphaSweep { get; } = [0.001];

    public static IReadOnlyList<double> For(string dataset) =>
        dataset.Equals("sentiment", StringComparison.OrdinalIgnoreCase) ? Sentiment : Images;
}
