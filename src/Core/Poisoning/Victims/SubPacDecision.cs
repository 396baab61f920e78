namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The decision rule of the SubPac evaluation (<c>utils.get_change_rate</c> in github.com/yongqiangyang/SubPac):
/// label 0 if p0 &gt; p1, otherwise 1, so a binary tie goes to label 1. Generalised to K classes as "the largest
/// posterior, ties to the highest index". It matters: MV on rte scores 0.875 with ties to 1 but 0.919 with ties
/// to 0 (subpac-notes §7). Every SubPac victim that outputs a posterior takes its labels from here.
/// </summary>
public static class SubPacDecision
{
    /// <summary>The label of row <paramref name="item"/>: the largest entry, ties to the highest index.</summary>
    public static int Label(double[,] posteriors, int item)
    {
        int best = 0;
        for (int k = 1; k < posteriors.GetLength(1); k++)
            if (posteriors[item, k] >= posteriors[item, best]) best = k;
        return best;
    }

    public static int[] Labels(double[,] posteriors)
    {
        var labels = new int[posteriors.GetLength(0)];
        for (int i = 0; i < labels.Length; i++) labels[i] = Label(posteriors, i);
        return labels;
    }
}
