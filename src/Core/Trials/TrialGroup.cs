using System.Globalization;

namespace ALfc.Core.Trials;

/// <summary>
/// The repetitions a report averages: trials of one kind that differ only in their seed. For training trials the
/// group is (dataset, method, alpha, schedule); another kind names its own <see cref="Parameter"/> and
/// <see cref="Variant"/>. The store keeps these four fields as columns (dataset, method, alpha, schedule).
/// </summary>
public sealed record TrialGroup(string Kind, string Dataset, string Method, double Parameter, string Variant) : IComparable<TrialGroup>
{
    /// <summary>A valid, unique actor name for the group.</summary>
    public string ActorName => string.Create(CultureInfo.InvariantCulture, $"group-{Kind}-{Dataset}-{Method}-{Parameter:R}-{Variant}");

    public int CompareTo(TrialGroup? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => Kind == TrainingTrialKind.KindName
        ? string.Create(CultureInfo.InvariantCulture, $"{Dataset}/{Method}/alpha={Parameter:R}/{Variant}")
        : string.Create(CultureInfo.InvariantCulture, $"{Dataset}/{Method}/{Parameter:0.####}/{Variant}");
}
