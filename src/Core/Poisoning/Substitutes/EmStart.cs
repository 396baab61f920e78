using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Substitutes;

/// <summary>
/// Where the authors' EM substitutes (<c>EM.py</c>, <c>ZenCrowd.py</c>) start: the normal and malicious answers joined
/// (<see cref="Joint"/>), the clean prior π_normal = column means of the normal-only vote fractions (fixed for the whole
/// fit), the soft labels μ = vote fractions over all answers, and the answers indexed by worker and by item.
/// </summary>
internal sealed record EmStart(AnswerMatrix Joint, double[] PiNormal, double[,] Mu, (int Item, int Label)[][] ByWorker, (int Worker, int Label)[][] ByItem)
{
    public static EmStart Of(AnswerMatrix normal, AnswerMatrix malicious, int classes)
    {
        var joint = normal.AppendWorkers(malicious);
        return new EmStart(joint, SubstituteMath.ColumnMeans(SubstituteMath.VoteFractions(normal, classes)), SubstituteMath.VoteFractions(joint, classes),
            SubstituteMath.ByWorker(joint), SubstituteMath.ByItem(joint));
    }

    /// <summary>An iteration count checked once for every substitute: at least 1.</summary>
    public static int Iterations(int iterations) =>
        iterations >= 1 ? iterations : throw new AlfcInputException($"substitute iterations must be at least 1, got {iterations}");
}
