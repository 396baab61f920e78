using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Victims;

/// <summary>
/// ZenCrowd's one-coin EM (Demartini, Difallah &amp; Cudré-Mauroux, WWW 2012, doi:10.1145/2187836.2187900) as the
/// SubPac evaluation runs it (<c>attackedMethods/ZenCrowd/method.py</c>, subpac-notes §7): every worker starts at
/// quality q_j = 0.8; each of 20 rounds runs the E-step ρ_i(l) ∝ Π_j (q_j if y_ij = l else (1 - q_j)/(K - 1)) with
/// <b>no class prior</b> (plain products; an all-zero row becomes uniform, where the authors' script would fail),
/// then the M-step q_j = (1/n_j) Σ_{i answered by j} ρ_i(y_ij), unclamped. The posteriors are those of the last
/// E-step and <see cref="AggregationResult.Reliabilities"/> the last q_j; labels follow <see cref="SubPacDecision"/>.
/// </summary>
public sealed class SubPacZenCrowd(int iterations = 20, double initialQuality = 0.8) : IAggregator
{
    public string Name => "subpac-zencrowd";

    public AggregationResult Aggregate(AnswerMatrix answers, int classes)
    {
        int n = answers.Items, k = classes;
        var quality = Enumerable.Repeat(initialQuality, answers.Workers).ToArray();
        var counts = answers.AnswersPerWorker();
        var posteriors = new double[n, k];
        for (int round = 0; round < iterations; round++)
        {
            for (int i = 0; i < n; i++)
            {
                var row = answers.ItemAnswers(i);
                double total = 0;
                for (int l = 0; l < k; l++)
                {
                    double w = 1.0;
                    for (int j = 0; j < row.Length; j++)
                        if (row[j] != AnswerMatrix.Missing)
                            w *= row[j] == l ? quality[j] : (1 - quality[j]) * 1.0 / (k - 1);
                    posteriors[i, l] = w;
                    total += w;
                }
                for (int l = 0; l < k; l++) posteriors[i, l] = total == 0 ? 1.0 / k : posteriors[i, l] * 1.0 / total;
            }
            var next = new double[answers.Workers];
            foreach (var (i, j, label) in answers.Triples()) next[j] += posteriors[i, label] * 1.0 / counts[j];
            quality = next;
        }
        return new AggregationResult(SubPacDecision.Labels(posteriors), posteriors, Reliabilities: quality, Iterations: iterations);
    }
}
