namespace ALfc.Core.Poisoning.Victims;

/// <summary>Where CATD's chi-square quantile χ²_{α/2}(n_j) comes from.</summary>
public enum CatdQuantiles
{
    /// <summary>
    /// As the SubPac evaluation does it: the 2-decimal printed table shipped with <c>attackedMethods/CATD</c> for
    /// n_j ≤ 30 (including its misprints: 0.02 for ν = 2, where the 2.5 % quantile is 0.0506, and 6.27 for ν = 15,
    /// where it is 6.262) and the normal
    /// approximation ½(z_{α/2} + √(2n - 1))² with z_{0.025} = -1.95996 above 30. Only α = 0.05 is tabulated.
    /// </summary>
    AuthorsTable,

    /// <summary>The exact quantile from <see cref="ChiSquare.Quantile"/> for every n_j and any α.</summary>
    Exact,
}
