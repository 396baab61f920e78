using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// The hard weighted vote shared by the authors' CRH (WMV) and CATD victims: per item, the score of label l is
/// Σ_{j: y_ij = l} w_j; the labels whose score equals the best positive score are the candidates and one is drawn
/// uniformly. As in their code the running best starts at 0, so when no score is positive only labels scoring
/// exactly 0 qualify, and when none does the label is drawn from all K classes. With w_j = 1 this is the
/// majority-vote start of both victims.
/// </summary>
internal static class WeightedVote
{
    public static int[] Labels(AnswerMatrix answers, int classes, IReadOnlyList<double> weights, RandomTieBreak tieBreak)
    {
        var labels = new int[answers.Items];
        var score = new double[classes];
        var answered = new bool[classes];
        Span<int> candidates = stackalloc int[classes];
        for (int i = 0; i < answers.Items; i++)
        {
            Array.Clear(score);
            Array.Clear(answered);
            var row = answers.ItemAnswers(i);
            for (int j = 0; j < row.Length; j++)
                if (row[j] != AnswerMatrix.Missing) { score[row[j]] += weights[j]; answered[row[j]] = true; }
            double best = 0;
            for (int l = 0; l < classes; l++)
                if (answered[l] && score[l] > best) best = score[l];
            int count = 0;
            for (int l = 0; l < classes; l++)
                if (answered[l] && score[l] == best) candidates[count++] = l;
            if (count == 0)
                for (int l = 0; l < classes; l++) candidates[count++] = l;
            labels[i] = tieBreak.Choose(candidates, count);
        }
        return labels;
    }
}
