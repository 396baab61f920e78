using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// A gradient attack on a Dawid–Skene substitute with random per-worker item sets: the stand-in for the TIA baseline
/// of Chen et al. (IJCAI 2023), which the SubPac notes identify, tentatively, with the "intelligent attack" of Miao et
/// al., WWW 2018, "Attack under Disguise" (doi:10.1145/3178876.3186032).
/// <para><b>What it is not.</b> That paper's own formulation could not be obtained (only its abstract: attack a
/// DS-empowered system, maximise the attack utility, disguise the attacker), and the SubPac repository ships no TIA
/// generator, only its DS helper (<c>subMethods/tiaEM.py</c>). So this is not Miao et al.'s algorithm; it is this
/// project's gradient attack in the same spirit, under the name <c>ds-gradient</c>.</para>
/// <para><b>What it is.</b> Item selection as in the released TIA files: each malicious worker labels its own random
/// ⌈a·N⌉ items (<see cref="RandomItemSets"/>), and every malicious worker that labels item i gives it the same label, as
/// in the released TIA files (each item two or more of their workers label carries one label). Labels are relaxed to
/// q_iw = q_i = softmax(logits_i), one logit vector per item of the union of the sets (its gradient the sum over the
/// workers that label it), and optimised against the substitute <see cref="DsSubstitute"/> (two-coin DS with tiaEM's
/// smoothing) in <c>rounds</c> outer rounds:</para>
/// <list type="number">
/// <item>fit the substitute on the normal answers plus the current discrete malicious labels (posteriors ρ, prior π,
/// normal workers' confusions π^(j));</item>
/// <item>take <c>steps</c> Adam steps on the logits minimising L = (1/N) Σ_i s_i(z_i), the expected share of clean labels
/// kept, where z is the substitute's clean label and s_i = softmax(ℓ_i) the poisoned posterior,
/// ℓ_i(c) = ln π_c + Σ_normal ln π^(j)[c, y_ij] + Σ_{w labels i} Σ_h q_iw(h) ln π̃^(w)[c, h], with each malicious
/// confusion π̃^(w)[c, h] = (1[c = h] + Σ_k q_kw(h) ρ_k(c)) / (1 + Σ_k ρ_k(c)) differentiated through its M-step
/// (ρ held fixed), so the gradient sees that agreeing with the consensus makes a worker's other labels weigh more:
/// the disguise;</item>
/// <item>discretise by argmax, refit the substitute from scratch and count the items whose substitute label changed
/// (no ground truth); the best discrete strategy over the start and all rounds is returned.</item>
/// </list>
/// The labels start at Flip's (the runner-up of clean MV; logit 1 against 0), plus N(0, 0.01²) noise on the logits
/// from <see cref="Seeds.DeriveInt"/>(seed, "poison/ds-gradient"). Deterministic given the seed.
/// </summary>
public sealed class DsGradientAttack(int rounds = 8, int steps = 60, double learningRate = 0.1, int substituteIterations = 20) : IPoisoningAttack
{
    public string Name => "ds-gradient";

    public AnswerMatrix Build(AnswerMatrix normal, int classes, PoisonBudget budget, int seed,
        IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default)
    {
        int n = normal.Items, workers = budget.MaliciousWorkers, k = classes;
        var sets = RandomItemSets.Draw(n, budget, seed);
        var consensus = CleanConsensus.Of(normal, classes);
        var clean = AggregationMath.ArgmaxRows(DsSubstitute.Fit(normal, classes, substituteIterations).Posteriors);

        // One label per item, shared by every malicious worker that labels it (as in the released TIA files): the logits
        // are per item of the union, and logits[w][s] is that item's array itself.
        var noise = new Random(Seeds.DeriveInt(seed, "poison/ds-gradient"));
        var union = sets.SelectMany(set => set).Distinct().Order().ToArray();
        var theta = new double[n][];
        foreach (int i in union)
            theta[i] = Enumerable.Range(0, k).Select(h => (h == consensus.RunnerUp[i] ? 1.0 : 0.0) + 0.01 * Gaussian(noise)).ToArray();
        var logits = sets.Select(set => set.Select(i => theta[i]).ToArray()).ToArray();
        var parameters = union.Select(i => theta[i]).ToArray();
        var itemGradient = new double[n][];
        foreach (int i in union) itemGradient[i] = new double[k];
        var gradients = union.Select(i => itemGradient[i]).ToArray();
        var adam = new Adam(union.Length * k, learningRate);

        var current = Discretise(logits, sets, n);
        int Changed(AnswerMatrix malicious) =>
            AggregationMath.ArgmaxRows(DsSubstitute.Fit(normal.AppendWorkers(malicious), classes, substituteIterations).Posteriors)
                .Zip(clean).Count(p => p.First != p.Second);
        // The start (Flip's labels) is a candidate too, so the result never changes fewer substitute labels than it.
        var best = current;
        int bestChanged = Changed(current);
        for (int round = 0; round < rounds; round++)
        {
            cancel.ThrowIfCancellationRequested();
            var fit = DsSubstitute.Fit(normal.AppendWorkers(current), classes, substituteIterations);
            var normalScore = NormalScores(normal, fit);
            for (int step = 0; step < steps; step++)
            {
                cancel.ThrowIfCancellationRequested();
                var (loss, gradient) = LossAndGradient(logits, sets, normalScore, fit.Posteriors, clean, k);
                // A shared item's gradient is the sum over the workers that label it (each q_iw is softmax of the same logits).
                foreach (var row in gradients) Array.Clear(row);
                for (int w = 0; w < sets.Length; w++)
                    for (int s = 0; s < sets[w].Length; s++)
                        for (int h = 0; h < k; h++) itemGradient[sets[w][s]][h] += gradient[w][s][h];
                adam.Step(parameters, gradients);
                if (step % 10 == 9 || step == steps - 1) progress?.Report(new PoisoningProgress(round + 1, rounds, step + 1, steps, loss));
            }
            current = Discretise(logits, sets, n);
            int changed = Changed(current);
            if (changed > bestChanged) (best, bestChanged) = (current, changed);
        }
        return best;
    }

    /// <summary>ln π_c + Σ over normal workers of ln π^(j)[c, y_ij], items x K.</summary>
    private static double[,] NormalScores(AnswerMatrix normal, DsSubstitute fit)
    {
        int k = fit.Prior.Length;
        var scores = new double[normal.Items, k];
        for (int i = 0; i < normal.Items; i++)
            for (int c = 0; c < k; c++) scores[i, c] = AggregationMath.SafeLog(fit.Prior[c]);
        foreach (var (i, j, label) in normal.Triples())
            for (int c = 0; c < k; c++) scores[i, c] += AggregationMath.SafeLog(fit.Confusions[j][c, label]);
        return scores;
    }

    private static (double Loss, double[][][] Gradient) LossAndGradient(double[][][] logits, int[][] sets, double[,] normalScore,
        double[,] rho, int[] clean, int k)
    {
        int n = clean.Length;
        var q = logits.Select(w => w.Select(Softmax).ToArray()).ToArray();
        // Malicious confusions through their M-step: num_w[c, h] = 1[c = h] + Σ_k q_kw(h) ρ_k(c), den_w[c] = 1 + Σ_k ρ_k(c).
        var num = new double[sets.Length][,];
        var logConfusion = new double[sets.Length][,];
        for (int w = 0; w < sets.Length; w++)
        {
            num[w] = new double[k, k];
            var den = new double[k];
            for (int c = 0; c < k; c++) { num[w][c, c] = 1; den[c] = 1; }
            for (int s = 0; s < sets[w].Length; s++)
                for (int c = 0; c < k; c++)
                {
                    double r = rho[sets[w][s], c];
                    den[c] += r;
                    for (int h = 0; h < k; h++) num[w][c, h] += q[w][s][h] * r;
                }
            logConfusion[w] = new double[k, k];
            for (int c = 0; c < k; c++)
                for (int h = 0; h < k; h++) logConfusion[w][c, h] = Math.Log(num[w][c, h] / den[c]);
        }
        var score = (double[,])normalScore.Clone();
        for (int w = 0; w < sets.Length; w++)
            for (int s = 0; s < sets[w].Length; s++)
                for (int c = 0; c < k; c++)
                    for (int h = 0; h < k; h++) score[sets[w][s], c] += q[w][s][h] * logConfusion[w][c, h];
        // L = (1/N) Σ_i s_i(z_i), the expected fraction of clean labels kept; dL/dℓ_i(c) = s_i(z_i) (1[c = z_i] - s_i(c)) / N.
        // Bounded, unlike Σ ln s_i(z_i), which the optimiser lowers by driving a few items to -∞ instead of flipping many.
        double loss = 0;
        var g = new double[n, k];
        var soft = new double[k];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++) max = Math.Max(max, score[i, c]);
            double sum = 0;
            for (int c = 0; c < k; c++) sum += soft[c] = Math.Exp(score[i, c] - max);
            for (int c = 0; c < k; c++) soft[c] /= sum;
            double kept = soft[clean[i]];
            loss += kept / n;
            for (int c = 0; c < k; c++) g[i, c] = kept * ((c == clean[i] ? 1 : 0) - soft[c]) / n;
        }
        var gradient = new double[sets.Length][][];
        for (int w = 0; w < sets.Length; w++)
        {
            // G_w[c, h] = Σ_i g_i(c) q_iw(h) / num_w[c, h]: how every item's score moves when π̃^(w)[c, h] does.
            var big = new double[k, k];
            for (int s = 0; s < sets[w].Length; s++)
                for (int c = 0; c < k; c++)
                    for (int h = 0; h < k; h++) big[c, h] += g[sets[w][s], c] * q[w][s][h] / num[w][c, h];
            gradient[w] = new double[sets[w].Length][];
            for (int s = 0; s < sets[w].Length; s++)
            {
                int i = sets[w][s];
                var dq = new double[k];
                for (int h = 0; h < k; h++)
                    for (int c = 0; c < k; c++) dq[h] += g[i, c] * logConfusion[w][c, h] + rho[i, c] * big[c, h];
                double mean = 0;
                for (int h = 0; h < k; h++) mean += q[w][s][h] * dq[h];
                gradient[w][s] = new double[k];
                for (int h = 0; h < k; h++) gradient[w][s][h] = q[w][s][h] * (dq[h] - mean);
            }
        }
        return (loss, gradient);
    }

    private static AnswerMatrix Discretise(double[][][] logits, int[][] sets, int items)
    {
        return AnswerMatrix.FromItemSets(items, sets, (w, s) =>
        {
            var row = logits[w][s];
            int best = 0;
            for (int h = 1; h < row.Length; h++) if (row[h] > row[best]) best = h;
            return best;
        });
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Adam (Kingma &amp; Ba 2015) over the flattened logits, minimising.</summary>
    private sealed class Adam(int size, double rate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        private readonly double[] _m = new double[size], _v = new double[size];
        private int _t;

        public void Step(double[][] parameters, double[][] gradient)
        {
            _t++;
            double c1 = 1 - Math.Pow(beta1, _t), c2 = 1 - Math.Pow(beta2, _t);
            int p = 0;
            for (int r = 0; r < parameters.Length; r++)
                for (int h = 0; h < parameters[r].Length; h++, p++)
                {
                    double g = gradient[r][h];
                    _m[p] = beta1 * _m[p] + (1 - beta1) * g;
                    _v[p] = beta2 * _v[p] + (1 - beta2) * g * g;
                    parameters[r][h] -= rate * (_m[p] / c1) / (Math.Sqrt(_v[p] / c2) + epsilon);
                }
        }
    }
}
