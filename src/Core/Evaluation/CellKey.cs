namespace ALfc.Core.Evaluation;

/// <summary>One evaluated cell of a training trial: white or black box, attack, eps. Ordered by box, attack, eps.</summary>
public sealed record CellKey(Box Box, string Attack, double Eps) : IComparable<CellKey>
{
    public int CompareTo(CellKey? other) => other is null ? 1
        : Box.CompareTo(other.Box) is var b and not 0 ? b
        : string.CompareOrdinal(Attack, other.Attack) is var a and not 0 ? a
        : Eps.CompareTo(other.Eps);
}
