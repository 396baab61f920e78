namespace ALfc.Core.Models;

/// <summary>Shape of the paper's one-hidden-layer classifier: Dense(Hidden, ReLU), Dropout(DropoutRate), Dense(K).</summary>
public sealed record MlpSpec(int Hidden, double DropoutRate)
{
    /// <summary>The classifier every method trains: Dense(128, ReLU), Dropout(0.5), Dense(K).</summary>
    public static MlpSpec Classifier { get; } = new(128, 0.5);

    /// <summary>The black-box substitute: Dense(32, ReLU), Dropout(0.3), Dense(K).</summary>
    public static MlpSpec Substitute { get; } = new(32, 0.3);

    public void Validate(string field)
    {
        if (Hidden < 1) throw new AlfcInputException($"--hidden: {field} hidden units must be at least 1, got {Hidden}");
        if (DropoutRate is < 0 or >= 1) throw new AlfcInputException($"--dropout: {field} dropout must be in [0, 1), got {DropoutRate}");
    }
}
