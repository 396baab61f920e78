using ALfc.Core.Data;
using ALfc.Core.Poisoning.Substitutes;

namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// SubPac (Chen, Yang, Yang, Sun, Chen &amp; Lin, "Black-Box Data Poisoning Attacks on Crowdsourcing", IJCAI 2023,
/// pp. 2975-2983; Algorithm 1 as the supplement describes it, notes §4.2). The attacker fits a substitute aggregator
/// (<see cref="ISubstituteAggregator"/>) to the normal answers plus its current discrete strategy, then descends the
/// relaxed loss of <see cref="SubPacLoss"/> (attack term + λ·disguise, the budget B = ⌈a·N⌉·M' through a tanh
/// Lagrangian with dual ascent on ψ) over the logits of t̃ and q, discretises, and refits; <see cref="SubPacSettings.Rounds"/>
/// outer rounds per start. It never sees the ground truth or the victim: the only score it uses is how many of the
/// substitute's clean labels z (its fit on the normal answers alone) the refitted substitute changes.
/// ALfc additions, each a knob of <see cref="SubPacSettings"/> (the paper's form is <see cref="SubPacSettings.Paper"/>):
/// the margin objective, keep-best, candidate selection by refitting (flip fractions, one-directional candidates, the
/// clean-margin flip ranking), restarts, the consensus start, the augmented Lagrangian for the threshold rule.
/// Why the candidates matter: the literal loss sees W̃ as fixed within a round, so it cannot see that every extra flip
/// lowers the malicious workers' estimated reliability; only a refit can, and the refitted substitute's label changes
/// drop sharply once too many labels are flipped. Sweeping the number of flips per round and letting the refit choose
/// finds that edge; one-directional strategies keep the colluders perfect on one class, which a Dawid-Skene fit trusts.
/// </summary>
public sealed class SubPacAttack(ISubstituteAggregator substitute, SubPacSettings? settings = null) : IPoisoningAttack
{
    public string Name => "subpac";

    public ISubstituteAggregator Substitute { get; } = substitute;

    public SubPacSettings Settings { get; } = settings ?? new SubPacSettings();

    /// <summary>SubPac on the substitute named <paramref name="substitute"/> (<see cref="SubstituteCatalog"/>), fitted with <see cref="SubPacSettings.SubstituteIterations"/> EM rounds.</summary>
    public static SubPacAttack Create(string substitute, SubPacSettings? settings = null)
    {
        settings ??= new SubPacSettings();
        return new SubPacAttack(SubstituteCatalog.Create(substitute, settings.SubstituteIterations), settings);
    }

    public AnswerMatrix Build(AnswerMatrix normal, int classes, PoisonBudget budget, int seed,
        IProgress<PoisoningProgress>? progress = null, CancellationToken cancel = default)
    {
        var s = Settings;
        int n = normal.Items, workers = budget.MaliciousWorkers, perWorker = budget.ItemsPerWorker(n);
        int[] sizes = s.SharedStrategy ? [workers] : Enumerable.Repeat(1, workers).ToArray();
        var plan = new SubPacPlan(normal.Items, classes, sizes, perWorker, s.Budget);

        var cleanFit = Substitute.Fit(normal, plan.Empty(), classes);
        var targets = cleanFit.CleanLabels();
        // Flip ranking by the clean substitute margin: the item whose clean decision is closest is flipped first.
        double[]? priority = s.FlipRanking == SubPacFlipRanking.CleanMargin ? CleanMarginPriority(cleanFit.CleanWeights, targets) : null;
        double lambda = s.Lambda ?? Eq20Lambda(cleanFit.CleanWeights, budget.ItemFraction, workers);

        AnswerMatrix? best = null;
        int bestScore = int.MinValue;
        for (int restart = 0; restart < s.Restarts; restart++)
        {
            var (strategy, score) = Run(normal, classes, plan, targets, priority, lambda, budget, Seeds.DeriveInt(seed, $"subpac/restart/{restart}"),
                restart, progress, cancel);
            if (score > bestScore) (best, bestScore) = (strategy, score);
        }
        return best!;
    }

    /// <summary>One seeded start: the outer rounds, returning its chosen discrete strategy and its substitute score.</summary>
    private (AnswerMatrix Strategy, int Score) Run(AnswerMatrix normal, int classes, SubPacPlan plan, int[] targets, double[]? priority, double lambda,
        PoisonBudget budget, int seed, int restart, IProgress<PoisoningProgress>? progress, CancellationToken cancel)
    {
        var s = Settings;
        var random = new Random(seed);
        int n = normal.Items, k = classes, groups = plan.Groups;
        var u = new double[groups * n];
        var v = new double[groups * n * k];
        double logitA = Math.Log(budget.ItemFraction / Math.Max(1 - budget.ItemFraction, 1e-6));
        for (int x = 0; x < u.Length; x++) u[x] = logitA + s.InitNoise * Gaussian(random);
        for (int x = 0; x < v.Length; x++) v[x] = s.InitNoise * Gaussian(random);

        var current = plan.Extract(u, v, targets, s.Start == SubPacStart.Consensus ? 0 : 1);
        var fit = Substitute.Fit(normal, current, classes);
        int totalBudget = budget.TotalAnswers(n);
        int currentScore = Rank(fit, current, targets, totalBudget);
        var (best, bestScore) = (current, currentScore);

        var stepU = new SubPacStepper(s.Optimizer, s.LearningRate, u.Length);
        var stepV = new SubPacStepper(s.Optimizer, s.LearningRate, v.Length);
        var gradU = new double[u.Length];
        var gradV = new double[v.Length];
        double psi = 0;
        for (int round = 1; round <= s.Rounds; round++)
        {
            var loss = new SubPacLoss(fit.CleanWeights, targets, plan.GroupMatrices(fit.Malicious), plan.Sizes,
                lambda, s.Theta, totalBudget, s.Objective, s.MarginTemperature, s.BudgetPenalty);
            for (int step = 1; step <= s.InnerSteps; step++)
            {
                cancel.ThrowIfCancellationRequested();
                var (value, soft) = loss.Evaluate(u, v, psi, gradU, gradV);
                stepU.Step(u, gradU);
                stepV.Step(v, gradV);
                // Dual ascent on the (scaled) equality constraint: too many soft selections raise ψ, too few lower it.
                psi += s.DualStep * (soft - totalBudget) / totalBudget;
                if (step % 10 == 0 || step == s.InnerSteps)
                    progress?.Report(new PoisoningProgress(restart * s.Rounds + round, s.Restarts * s.Rounds, step, s.InnerSteps, value));
            }

            // Discretise, trying each flip fraction; the refitted substitute picks the candidate (and is reused next round).
            (AnswerMatrix Strategy, SubstituteFit Fit, int Score)? chosen = null;
            var tried = new HashSet<(int, int)>();
            foreach (var direction in s.DirectionalCandidates ? Enumerable.Range(-1, classes + 1) : [-1])
            foreach (var fraction in s.FlipFractions)
            {
                var candidate = plan.Extract(u, v, targets, fraction, direction, priority);
                // Candidates with the same direction and number of flips are the same strategy: fit each once.
                if (!tried.Add((direction, plan.CountFlips(candidate, targets)))) continue;
                var candidateFit = Substitute.Fit(normal, candidate, classes);
                int score = Rank(candidateFit, candidate, targets, totalBudget);
                if (chosen is null || score > chosen.Value.Score) chosen = (candidate, candidateFit, score);
            }
            (current, fit, currentScore) = chosen!.Value;
            if (currentScore > bestScore) (best, bestScore) = (current, currentScore);
        }
        return s.KeepBest ? (best, bestScore) : (current, currentScore);
    }

    /// <summary>How many of the substitute's clean labels the strategy changes, by the substitute refitted on it.</summary>
    internal static int Score(SubstituteFit fit, AnswerMatrix strategy, int[] targets)
    {
        var labels = fit.PoisonedLabels(strategy);
        int changed = 0;
        for (int i = 0; i < labels.Length; i++) if (labels[i] != targets[i]) changed++;
        return changed;
    }

    /// <summary>
    /// The selection score: the substitute score, except that under <see cref="SubPacBudgetRule.Threshold"/> a strategy
    /// with more than B answers ranks below every strategy within B (more answers almost always flip more, so
    /// keep-best would otherwise pick whatever round overshot the budget most).
    /// </summary>
    private int Rank(SubstituteFit fit, AnswerMatrix strategy, int[] targets, int totalBudget)
    {
        int score = Score(fit, strategy, targets);
        return Settings.Budget == SubPacBudgetRule.Threshold && strategy.AnswerCount > totalBudget ? score - strategy.Items - 1 : score;
    }

    /// <summary>
    /// Eq. 20 as the notes read it: λ = a·2^a·sigmoid(mean_i Σ_k p_ik ln p_ik)/M', p = softmax of the clean substitute
    /// weights (the item average of the negative entropy is the notes' guess for the PDF's free index).
    /// </summary>
    internal static double Eq20Lambda(double[,] cleanWeights, double itemFraction, int maliciousWorkers)
    {
        var p = SubPacLoss.Softmax(cleanWeights);
        int n = p.GetLength(0), k = p.GetLength(1);
        double negativeEntropy = 0;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) if (p[i, c] > 0) negativeEntropy += p[i, c] * Math.Log(p[i, c]) / n;
        return itemFraction * Math.Pow(2, itemFraction) * SubPacLoss.Sigmoid(negativeEntropy) / maliciousWorkers;
    }

    /// <summary>-(w̄_i[z_i] - max_{c ≠ z_i} w̄_i[c]): larger for items the clean substitute decides by a smaller margin.</summary>
    private static double[] CleanMarginPriority(double[,] clean, int[] targets)
    {
        int n = clean.GetLength(0), k = clean.GetLength(1);
        var priority = new double[n];
        for (int i = 0; i < n; i++)
        {
            double other = double.NegativeInfinity;
            for (int c = 0; c < k; c++) if (c != targets[i]) other = Math.Max(other, clean[i, c]);
            priority[i] = other - clean[i, targets[i]];
        }
        return priority;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
