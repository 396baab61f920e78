namespace ALfc.Core.Aggregation;

/// <summary>
/// The stopping rule the EM aggregators share (Dawid-Skene, ZenCrowd, GLAD): record the objective ℓ_t of
/// every iteration and stop once it moves by less than <paramref name="tolerance"/> relative to its size,
/// |ℓ_t - ℓ_{t-1}| ≤ tolerance · |ℓ_t|. A relative test, because the log-likelihood grows with the number of
/// answers, so one absolute threshold would be too strict on large crowds and too loose on small ones.
/// </summary>
public sealed class EmConvergence(double tolerance)
{
    private readonly List<double> history = [];

    /// <summary>ℓ_t per iteration, in order.</summary>
    public IReadOnlyList<double> History => history;

    /// <summary>Iterations recorded so far (one objective each).</summary>
    public int Iterations => history.Count;

    /// <summary>Records this iteration's objective; true when the change from the previous one is within the tolerance.</summary>
    public bool Record(double objective)
    {
        history.Add(objective);
        return history.Count > 1 && Math.Abs(history[^1] - history[^2]) <= tolerance * Math.Abs(history[^1]);
    }
}
