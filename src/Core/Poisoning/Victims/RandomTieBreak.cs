namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The uniform random choice among tied candidates that the authors' CRH (WMV) and CATD victims make with Python's
/// <c>random.choice</c>, drawn from <see cref="PythonRandom"/> so that with the same seed and the same candidate
/// order the choices are the ones a Python run after <c>random.seed(seed)</c> makes. Like <c>random.choice</c> it
/// draws once per decision even when there is a single candidate, so the stream of draws does not depend on how
/// many ties occur.
/// </summary>
public sealed class RandomTieBreak(long seed)
{
    private readonly PythonRandom _random = new(seed);

    /// <summary>One of the first <paramref name="count"/> entries of <paramref name="candidates"/>, uniformly.</summary>
    public int Choose(ReadOnlySpan<int> candidates, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "no candidates to choose from");
        return candidates[_random.RandBelow(count)];
    }
}
