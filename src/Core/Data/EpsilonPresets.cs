namespace ALfc.Core.Data;

/// <summary>
/// The A-LFC paper's eps lists, sized for features on a unit range. Which list a dataset uses is the dataset's own
/// choice (<see cref="IDatasetLoader.TestEpsilons"/>, <see cref="IDatasetLoader.TrainingEpsilon"/>).
/// </summary>
public static class EpsilonPresets
{
    /// <summary>LabelMe and music (and the synthetic crowd): 0.001 ... 0.03.</summary>
    public static IReadOnlyList<double> Images { get; } = [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03];

    /// <summary>Sentiment: 0.001 ... 0.01.</summary>
    public static IReadOnlyList<double> Sentiment { get; } = [0.001, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01];

    /// <summary>Exp 1 (alpha sensitivity): PGD-10 with random start at this eps only.</summary>
    public static IReadOnlyList<double> AlphaSweep { get; } = [0.001];

    /// <summary>The paper's A-LFC training eps, 8/255, just above the largest test eps of music and LabelMe (0.03).</summary>
    public const double PaperTraining = 8.0 / 255.0;
}
