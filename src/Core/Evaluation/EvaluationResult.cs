namespace ALfc.Core.Evaluation;

/// <summary>Accuracies of one trained model: clean, and per attack and eps (keyed by eps written with "R" formatting).</summary>
public sealed record EvaluationResult(
    double Clean,
    Dictionary<string, Dictionary<string, double>> White,
    Dictionary<string, Dictionary<string, double>> Black);
