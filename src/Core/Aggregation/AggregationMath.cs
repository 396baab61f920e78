using System.Runtime.InteropServices;
using ALfc.Core.Data;

namespace ALfc.Core.Aggregation;

/// <summary>The arithmetic every aggregator shares, so ties, normalisation and accuracy are defined once.</summary>
public static class AggregationMath
{
    /// <summary>Smallest probability taken to a log, so a zero never produces -inf (and NaN after it).</summary>
    public const double LogFloor = 1e-300;

    public static double SafeLog(double p) => Math.Log(Math.Max(p, LogFloor));

    /// <summary>Index of the largest entry of row <paramref name="i"/>; ties go to the lowest index.</summary>
    public static int Argmax(double[,] matrix, int i)
    {
        int best = 0;
        for (int k = 1; k < matrix.GetLength(1); k++)
            if (matrix[i, k] > matrix[i, best]) best = k;
        return best;
    }

    public static int[] ArgmaxRows(double[,] matrix) =>
        Enumerable.Range(0, matrix.GetLength(0)).Select(i => Argmax(matrix, i)).ToArray();

    /// <summary>Votes per item and class, each answer weighted by its worker's weight (1 when null).</summary>
    public static double[,] Votes(AnswerMatrix answers, int classes, IReadOnlyList<double>? weights = null)
    {
        var votes = new double[answers.Items, classes];
        foreach (var (i, j, label) in answers.Triples()) votes[i, label] += weights?[j] ?? 1.0;
        return votes;
    }

    /// <summary>
    /// Each worker's mean credit over the answers it gave, (1/n_j) Σ_i credit(i, y_ij), summed in item order;
    /// <paramref name="noAnswers"/> for a worker with none. Worker weights (WMV), one-coin reliabilities
    /// (ZenCrowd) and accuracy against gold are all this mean with a different credit.
    /// </summary>
    public static double[] WorkerAgreement(AnswerMatrix answers, Func<int, int, double> credit, double noAnswers)
    {
        var sum = new double[answers.Workers];
        var total = new double[answers.Workers];
        foreach (var (i, j, label) in answers.Triples())
        {
            sum[j] += credit(i, label);
            total[j]++;
        }
        return sum.Select((s, j) => total[j] > 0 ? s / total[j] : noAnswers).ToArray();
    }

    /// <summary>
    /// The one-coin E-step scores (ZenCrowd, GLAD): worker j answers item i correctly with probability
    /// p_ij = <paramref name="correct"/>(i, j) and otherwise picks one of the K - 1 wrong classes uniformly, so
    /// score_ik = Σ_j [1[y_ij = k] log p_ij + 1[y_ij ≠ k] log((1 - p_ij)/(K - 1))] (items x K, before normalising).
    /// </summary>
    public static double[,] OneCoinLogScores(AnswerMatrix answers, int classes, Func<int, int, double> correct)
    {
        var scores = new double[answers.Items, classes];
        foreach (var (i, j, label) in answers.Triples())
        {
            double p = correct(i, j);
            double right = SafeLog(p), wrong = SafeLog((1 - p) / (classes - 1));
            for (int c = 0; c < classes; c++) scores[i, c] += c == label ? right : wrong;
        }
        return scores;
    }

    /// <summary>Rows scaled to sum to 1; an all-zero row becomes uniform.</summary>
    public static double[,] NormalizeRows(double[,] matrix)
    {
        int n = matrix.GetLength(0), k = matrix.GetLength(1);
        var result = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++) sum += matrix[i, c];
            for (int c = 0; c < k; c++) result[i, c] = sum > 0 ? matrix[i, c] / sum : 1.0 / k;
        }
        return result;
    }

    /// <summary>
    /// Turns per-item log scores into posteriors in place (subtracting the row max before exp keeps
    /// it finite) and returns Σ_i log Σ_k exp(score_ik), the marginal log-likelihood.
    /// </summary>
    public static double SoftmaxRowsInPlace(double[,] logScores)
    {
        int n = logScores.GetLength(0), k = logScores.GetLength(1);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = k == 0 ? Span<double>.Empty : MemoryMarshal.CreateSpan(ref logScores[i, 0], k);
            var (max, sum) = SoftmaxInPlace(row);
            total += max + Math.Log(sum);
        }
        return total;
    }

    /// <summary>
    /// One row of log scores turned into probabilities in place: exp(s - max) / Σ exp(s - max), each exp taken once.
    /// Returns the max and the sum, whose max + log(sum) is the row's log Σ exp.
    /// </summary>
    public static (double Max, double Sum) SoftmaxInPlace(Span<double> logScores)
    {
        double max = double.NegativeInfinity;
        foreach (double s in logScores) max = Math.Max(max, s);
        double sum = 0;
        for (int c = 0; c < logScores.Length; c++) sum += logScores[c] = Math.Exp(logScores[c] - max);
        for (int c = 0; c < logScores.Length; c++) logScores[c] /= sum;
        return (max, sum);
    }

    public static double[,] OneHot(IReadOnlyList<int> labels, int classes)
    {
        var result = new double[labels.Count, classes];
        for (int i = 0; i < labels.Count; i++) result[i, labels[i]] = 1;
        return result;
    }

    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        if (predicted.Count != gold.Count) throw new ArgumentException($"{predicted.Count} predictions for {gold.Count} gold labels");
        if (gold.Count == 0) return double.NaN;
        int correct = 0;
        for (int i = 0; i < gold.Count; i++) if (predicted[i] == gold[i]) correct++;
        return (double)correct / gold.Count;
    }

    /// <summary>
    /// Worker confusion matrices from soft labels: π^(j)[k, l] = (s + Σ_i T_ik 1[y_ij = l]) / (K s + Σ_i T_ik 1[y_ij answered]).
    /// A class the worker never saw (zero mass) gets a uniform row.
    /// </summary>
    public static double[][,] ConfusionsFrom(AnswerMatrix answers, double[,] posteriors, double smoothing)
    {
        int k = posteriors.GetLength(1);
        var counts = Enumerable.Range(0, answers.Workers).Select(_ => new double[k, k]).ToArray();
        foreach (var (i, j, label) in answers.Triples())
            for (int t = 0; t < k; t++) counts[j][t, label] += posteriors[i, t];
        foreach (var pi in counts) NormalizeConfusionInPlace(pi, smoothing);
        return counts;
    }

    /// <summary>
    /// Turns soft counts c[k, l] into a confusion matrix in place: π[k, l] = (c[k, l] + s) / (Σ_l c[k, l] + K s);
    /// a row with no mass (a class the worker never saw) becomes uniform.
    /// </summary>
    public static void NormalizeConfusionInPlace(double[,] counts, double smoothing)
    {
        int k = counts.GetLength(0);
        for (int t = 0; t < k; t++)
        {
            double row = 0;
            for (int l = 0; l < k; l++) row += counts[t, l];
            double denominator = row + k * smoothing;
            for (int l = 0; l < k; l++) counts[t, l] = denominator > 0 ? (counts[t, l] + smoothing) / denominator : 1.0 / k;
        }
    }
}
