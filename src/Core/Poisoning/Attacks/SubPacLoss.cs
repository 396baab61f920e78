namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// SubPac's relaxed loss and its closed-form gradient (notes §4, §4.1), K-class, in plain double arrays. The free
/// variables are logits per strategy group g (one group shared by all M' workers, or one per worker) and item i:
/// u_gi with t̃_gi = sigmoid(u_gi) (task selection) and v_gi ∈ ℝ^K with q_gi = softmax(v_gi) (label distribution; for
/// K = 2 this is the paper's sigmoid of the logit difference). With W_g = Σ_{j' ∈ g} W̃^(j') (K x K):
/// <para>ŵ_i[c] = w̄_i[c] + Σ_g t̃_gi Σ_h q_gi[h] W_g[c, h],   p_i = softmax w̄_i,   s_i = softmax ŵ_i,</para>
/// <para>L = L₁ + Σ_g (λ|g|/M') S_g / T_g + ψ·G + (ρ/2)·G²,   G = (Σ_g |g| Σ_i ½(1 + tanh(θ(t̃_gi - ½))) - B) / B,</para>
/// with T_g = Σ_i t̃_gi, c_gi = -Σ_h p_ih ln q_gi[h], S_g = Σ_i t̃_gi c_gi and L₁ the attack term of
/// <see cref="SubPacObjective"/>. Gradients (∂L₁/∂ŵ_i[c] =: g_ic):
/// <list type="bullet">
/// <item>∂L/∂t̃_gi = Σ_c g_ic Σ_h q_gi[h] W_g[c, h] + (λ|g|/M')(c_gi T_g - S_g)/T_g² + (ψ + ρG)|g|(θ/2) sech²(θ(t̃_gi - ½))/B;</item>
/// <item>∂L/∂q_gi[h] from L₁ = t̃_gi Σ_c g_ic W_g[c, h]; through the softmax, ∂/∂v_k = q_k (e_k - Σ_h q_h e_h);</item>
/// <item>the disguise term through the softmax directly: ∂/∂v_gi[k] = (λ|g|/M') (t̃_gi/T_g)(q_gi[k] - p_ik);</item>
/// <item>∂/∂u = ∂/∂t̃ · t̃(1 - t̃).</item>
/// </list>
/// The budget constraint is divided by B (the same constraint; it gives ψ the loss's scale, so one dual step size fits
/// every data set). ρ &gt; 0 makes it an augmented Lagrangian (method of multipliers), which damps the oscillation of
/// plain dual ascent; ρ = 0 is the paper's Lagrangian. Layout: u[g·N + i], v[(g·N + i)·K + k].
/// </summary>
internal sealed class SubPacLoss
{
    private readonly double[,] _clean;
    private readonly double[,] _p;
    private readonly int[] _targets;
    private readonly double[][,] _groupMatrices;
    private readonly int[] _groupSizes;
    private readonly double _lambda, _theta, _tau, _penalty;
    private readonly int _maliciousWorkers, _budget;
    private readonly SubPacObjective _objective;

    public SubPacLoss(double[,] cleanWeights, int[] targets, double[][,] groupMatrices, int[] groupSizes,
        double lambda, double theta, int budget, SubPacObjective objective, double marginTemperature, double budgetPenalty = 0)
    {
        _penalty = budgetPenalty;
        _clean = cleanWeights;
        Items = cleanWeights.GetLength(0);
        Classes = cleanWeights.GetLength(1);
        _p = Softmax(cleanWeights);
        _targets = targets;
        _groupMatrices = groupMatrices;
        _groupSizes = groupSizes;
        _maliciousWorkers = groupSizes.Sum();
        _lambda = lambda;
        _theta = theta;
        _budget = budget;
        _objective = objective;
        _tau = marginTemperature;
    }

    public int Items { get; }
    public int Classes { get; }
    public int Groups => _groupSizes.Length;

    /// <summary>
    /// L (attack + disguise, without the budget term) at (u, v), the soft count Σ_g |g| Σ_i ½(1 + tanh(θ(t̃ - ½))), and
    /// the gradient of the full Lagrangian (with <paramref name="psi"/>) written into <paramref name="gradU"/>, <paramref name="gradV"/>.
    /// </summary>
    public (double Loss, double SoftCount) Evaluate(double[] u, double[] v, double psi, double[] gradU, double[] gradV)
    {
        int n = Items, k = Classes, groups = Groups;
        var t = new double[groups * n];
        var q = new double[groups * n * k];
        var logQ = new double[groups * n * k];
        for (int gi = 0; gi < groups * n; gi++)
        {
            t[gi] = Sigmoid(u[gi]);
            LogSoftmax(v.AsSpan(gi * k, k), logQ.AsSpan(gi * k, k));
            for (int c = 0; c < k; c++) q[gi * k + c] = Math.Exp(logQ[gi * k + c]);
        }

        // a[gi, c] = Σ_h q_gi[h] W_g[c, h]: what one unit of t̃_gi adds to ŵ_i[c].
        var a = new double[groups * n * k];
        var poisoned = (double[,])_clean.Clone();
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < n; i++)
            {
                int gi = g * n + i;
                for (int c = 0; c < k; c++)
                {
                    double sum = 0;
                    for (int h = 0; h < k; h++) sum += q[gi * k + h] * _groupMatrices[g][c, h];
                    a[gi * k + c] = sum;
                    poisoned[i, c] += t[gi] * sum;
                }
            }

        // The budget term's multiplier: ψ plus, for the augmented Lagrangian, ρ·g with g = (soft count - B)/B.
        double softCount = 0;
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < n; i++) softCount += _groupSizes[g] * 0.5 * (1 + Math.Tanh(_theta * (t[g * n + i] - 0.5)));
        double multiplier = psi + _penalty * (softCount - _budget) / _budget;

        var dW = new double[n, k];
        double loss = AttackTerm(poisoned, dW);

        Array.Clear(gradU);
        Array.Clear(gradV);
        Span<double> e = stackalloc double[k];
        for (int g = 0; g < groups; g++)
        {
            double total = 0, weighted = 0;
            var cost = new double[n];
            for (int i = 0; i < n; i++)
            {
                int gi = g * n + i;
                for (int h = 0; h < k; h++) cost[i] -= _p[i, h] * logQ[gi * k + h];
                total += t[gi];
                weighted += t[gi] * cost[i];
            }
            double coefficient = _lambda * _groupSizes[g] / _maliciousWorkers;
            if (total > 0) loss += coefficient * weighted / total;
            for (int i = 0; i < n; i++)
            {
                int gi = g * n + i;
                double tanh = Math.Tanh(_theta * (t[gi] - 0.5));
                double dT = 0;
                for (int c = 0; c < k; c++) dT += dW[i, c] * a[gi * k + c];
                if (total > 0) dT += coefficient * (cost[i] * total - weighted) / (total * total);
                dT += multiplier * _groupSizes[g] * 0.5 * _theta * (1 - tanh * tanh) / _budget;
                gradU[gi] = dT * t[gi] * (1 - t[gi]);

                double mean = 0;
                for (int h = 0; h < k; h++)
                {
                    double sum = 0;
                    for (int c = 0; c < k; c++) sum += dW[i, c] * _groupMatrices[g][c, h];
                    e[h] = t[gi] * sum;
                    mean += q[gi * k + h] * e[h];
                }
                for (int h = 0; h < k; h++)
                {
                    double qh = q[gi * k + h];
                    gradV[gi * k + h] = qh * (e[h] - mean) + (total > 0 ? coefficient * t[gi] / total * (qh - _p[i, h]) : 0);
                }
            }
        }
        return (loss, softCount);
    }

    /// <summary>L₁ at the poisoned weights; writes ∂L₁/∂ŵ into <paramref name="dW"/>.</summary>
    private double AttackTerm(double[,] poisoned, double[,] dW)
    {
        int n = Items, k = Classes;
        double loss = 0;
        Span<double> logS = stackalloc double[k];
        Span<double> row = stackalloc double[k];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++) row[c] = poisoned[i, c];
            if (_objective == SubPacObjective.CrossEntropy)
            {
                LogSoftmax(row, logS);
                for (int c = 0; c < k; c++)
                {
                    loss += _p[i, c] * logS[c] / n;
                    dW[i, c] = (_p[i, c] - Math.Exp(logS[c])) / n;
                }
            }
            else
            {
                int z = _targets[i];
                double max = double.NegativeInfinity;
                for (int c = 0; c < k; c++) if (c != z) max = Math.Max(max, row[c]);
                double sum = 0;
                for (int c = 0; c < k; c++) if (c != z) sum += Math.Exp(row[c] - max);
                double margin = row[z] - (max + Math.Log(sum));
                double sigma = Sigmoid(margin / _tau);
                double slope = sigma * (1 - sigma) / _tau / n;
                loss += sigma / n;
                for (int c = 0; c < k; c++)
                    dW[i, c] = c == z ? slope : -slope * Math.Exp(row[c] - max) / sum;
            }
        }
        return loss;
    }

    internal static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    internal static void LogSoftmax(ReadOnlySpan<double> x, Span<double> result)
    {
        double max = double.NegativeInfinity;
        foreach (var value in x) max = Math.Max(max, value);
        double sum = 0;
        foreach (var value in x) sum += Math.Exp(value - max);
        double log = max + Math.Log(sum);
        for (int c = 0; c < x.Length; c++) result[c] = x[c] - log;
    }

    internal static double[,] Softmax(double[,] weights)
    {
        int n = weights.GetLength(0), k = weights.GetLength(1);
        var result = new double[n, k];
        Span<double> row = stackalloc double[k];
        Span<double> log = stackalloc double[k];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++) row[c] = weights[i, c];
            LogSoftmax(row, log);
            for (int c = 0; c < k; c++) result[i, c] = Math.Exp(log[c]);
        }
        return result;
    }
}
