using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The hard weighted vote shared by the authors' CRH (WMV) and CATD victims: per item, the score of label l is
/// Σ_{j: y_ij = l} w_j, summed in the order of the item's answers; the labels whose score equals the best positive
/// score are the candidates and one is drawn with <see cref="RandomTieBreak"/>. As in their code the running best
/// starts at 0, so when no score is positive only labels scoring exactly 0 qualify, and when none does the label is
/// drawn from all labels. Everything follows the answers' file order (<see cref="AnswerOrder"/>), as their Python
/// dicts do: the items draw in order of first appearance, candidates are listed in order of first appearance among
/// the item's answers, and "all labels" in order of first appearance in the file. An item without answers (possible
/// only in a table built in memory) is not in their dicts: it draws nothing and gets the first of all labels. With
/// w_j = 1 this is the majority-vote start of both victims.
/// </summary>
internal static class WeightedVote
{
    public static int[] Labels(AnswerMatrix answers, int classes, IReadOnlyList<double> weights, RandomTieBreak tieBreak)
    {
        var order = answers.ReadingOrder;
        var allLabels = LabelsInOrderOfAppearance(answers, order, classes);
        var labels = Enumerable.Repeat(allLabels[0], answers.Items).ToArray();
        var score = new double[classes];
        var seen = new bool[classes];
        Span<int> distinctLabels = stackalloc int[classes];
        Span<int> candidates = stackalloc int[classes];
        foreach (var (i, workers) in order.ByItem())
        {
            int distinct = 0;
            foreach (int j in workers)
            {
                int l = answers[i, j];
                if (!seen[l]) { seen[l] = true; score[l] = 0; distinctLabels[distinct++] = l; }
                score[l] += weights[j];
            }
            double best = 0;
            for (int c = 0; c < distinct; c++) if (score[distinctLabels[c]] > best) best = score[distinctLabels[c]];
            int count = 0;
            for (int c = 0; c < distinct; c++)
            {
                int l = distinctLabels[c];
                if (score[l] == best) candidates[count++] = l;
                seen[l] = false;
            }
            labels[i] = count > 0 ? tieBreak.Choose(candidates, count) : tieBreak.Choose(allLabels, allLabels.Length);
        }
        return labels;
    }

    private static int[] LabelsInOrderOfAppearance(AnswerMatrix answers, AnswerOrder order, int classes)
    {
        var labels = new List<int>(classes);
        var seen = new bool[classes];
        foreach (var (i, j) in order.Answers)
            if (!seen[answers[i, j]])
            {
                seen[answers[i, j]] = true;
                labels.Add(answers[i, j]);
                if (labels.Count == classes) break;
            }
        return labels.Count > 0 ? [.. labels] : [.. Enumerable.Range(0, classes)];
    }
}
