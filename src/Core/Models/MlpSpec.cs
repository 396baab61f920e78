namespace ALfc.Core.Models;

/// <summary>Shape of the paper's one-hidden-layer classifier: Dense(Hidden, ReLU), Dropout(DropoutRate), Dense(K).</summary>
public sealed record MlpSpec(int Hidden, double DropoutRate)
{
    /// <summary>The classifier every method trains: Dense(128, ReLU), Dropout(0.5), Dense(K).</summary>
    public static MlpSpec Classifier { get; } = new(128, 0.5);

    /// <summary>The black-box substitute: Dense(32, ReLU), Dropout(0.3), Dense(K).</summary>
    public static MlpSpec Substitute { get; } = new(32, 0.3);

    /// <summary>
    /// Throws if the shape is out of range. <paramref name="field"/> says which network ("model", "substitute");
    /// the option arguments name the CLI options that set its shape, and stay null where none does (the substitute's
    /// shape is fixed), so an error never sends the user to an option that would not change it.
    /// </summary>
    public void Validate(string field, string? hiddenOption = null, string? dropoutOption = null)
    {
        // 65536 hidden units of a 8192-input model are 2 GB of weights: past that a slip runs the machine out of memory.
        if (Hidden is < 1 or > MaxHidden) throw new AlfcInputException($"{Prefix(hiddenOption)}{field} hidden units must be from 1 to {MaxHidden}, got {Hidden}");
        if (!(DropoutRate >= 0 && DropoutRate < 1)) throw new AlfcInputException($"{Prefix(dropoutOption)}{field} dropout must be in [0, 1), got {DropoutRate}");
    }

    public const int MaxHidden = 65_536;

    private static string Prefix(string? option) => option is null ? "" : $"{option}: ";
}
