using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The hard weighted vote shared by the authors' CRH (WMV) and CATD victims: per item, the score of label l is
/// Σ_{j: y_ij = l} w_j (summed in worker order); the labels whose score equals the best positive score are the
/// candidates and one is drawn with <see cref="RandomTieBreak"/>. As in their code the running best starts at 0, so
/// when no score is positive only labels scoring exactly 0 qualify, and when none does the label is drawn from all
/// labels. Candidates are listed in order of first appearance among the item's answers (all labels: first
/// appearance in the table), which is the order of the Python dicts when the file is sorted by question, then
/// worker, as the released temp and rte files are. With w_j = 1 this is the majority-vote start of both victims.
/// </summary>
internal static class WeightedVote
{
    public static int[] Labels(AnswerMatrix answers, int classes, IReadOnlyList<double> weights, RandomTieBreak tieBreak)
    {
        var labels = new int[answers.Items];
        var score = new double[classes];
        var seen = new int[classes];
        Span<int> order = stackalloc int[classes];
        Span<int> candidates = stackalloc int[classes];
        var allLabels = LabelsInOrderOfAppearance(answers, classes);
        for (int i = 0; i < answers.Items; i++)
        {
            Array.Clear(score);
            int distinct = 0;
            var row = answers.ItemAnswers(i);
            for (int j = 0; j < row.Length; j++)
            {
                int l = row[j];
                if (l == AnswerMatrix.Missing) continue;
                if (seen[l] != i + 1) { seen[l] = i + 1; order[distinct++] = l; }
                score[l] += weights[j];
            }
            double best = 0;
            for (int c = 0; c < distinct; c++) if (score[order[c]] > best) best = score[order[c]];
            int count = 0;
            for (int c = 0; c < distinct; c++) if (score[order[c]] == best) candidates[count++] = order[c];
            labels[i] = count > 0 ? tieBreak.Choose(candidates, count) : tieBreak.Choose(allLabels, allLabels.Length);
        }
        return labels;
    }

    private static int[] LabelsInOrderOfAppearance(AnswerMatrix answers, int classes)
    {
        var order = new List<int>(classes);
        foreach (var v in answers.Values)
            if (v != AnswerMatrix.Missing && !order.Contains(v))
            {
                order.Add(v);
                if (order.Count == classes) break;
            }
        return order.Count > 0 ? [.. order] : [.. Enumerable.Range(0, classes)];
    }
}
