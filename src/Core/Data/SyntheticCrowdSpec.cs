namespace ALfc.Core.Data;

/// <summary>
/// Sizes and mix of a synthetic crowd dataset. Fractions of reliable and noisy workers are given;
/// the rest are spammers. Participation follows a Zipf law with exponent <see cref="ParticipationSkew"/>,
/// so a few workers label most items, as in real crowds (Fig. 2 of the A-LFC paper).
/// </summary>
public sealed record SyntheticCrowdSpec
{
    public int TrainItems { get; init; } = 600;
    public int TestItems { get; init; } = 300;
    public int Features { get; init; } = 20;
    public int Classes { get; init; } = 4;
    public int Workers { get; init; } = 30;
    public int MinAnswersPerItem { get; init; } = 3;
    public int MaxAnswersPerItem { get; init; } = 6;
    public double ReliableFraction { get; init; } = 0.45;
    public double NoisyFraction { get; init; } = 0.35;
    public double ParticipationSkew { get; init; } = 1.0;

    /// <summary>Distance between class means relative to the within-class spread; higher is easier.</summary>
    public double ClassSeparation { get; init; } = 1.2;

    public int Seed { get; init; } = 20220222;

    public void Validate()
    {
        void Require(bool ok, string field, string rule)
        {
            if (!ok) throw new AlfcInputException($"synthetic dataset: {field} {rule}");
        }
        Require(TrainItems >= 1, nameof(TrainItems), "must be at least 1");
        Require(TestItems >= 0, nameof(TestItems), "must be non-negative");
        Require(Features >= 1, nameof(Features), "must be at least 1");
        Require(Classes >= 2, nameof(Classes), "must be at least 2");
        Require(Workers >= 1, nameof(Workers), "must be at least 1");
        Require(MinAnswersPerItem >= 1 && MinAnswersPerItem <= MaxAnswersPerItem, nameof(MinAnswersPerItem), "must be in 1..MaxAnswersPerItem");
        Require(MaxAnswersPerItem <= Workers, nameof(MaxAnswersPerItem), "cannot exceed the number of workers");
        Require(ReliableFraction >= 0 && NoisyFraction >= 0 && ReliableFraction + NoisyFraction <= 1, "worker fractions", "must be non-negative and sum to at most 1");
        Require(ClassSeparation > 0, nameof(ClassSeparation), "must be positive");
    }
}
