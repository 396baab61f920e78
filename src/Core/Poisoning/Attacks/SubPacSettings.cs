namespace ALfc.Core.Poisoning.Attacks;

/// <summary>
/// Every knob of <see cref="SubPacAttack"/> (notes §12), validated here. The authors' own values (learning rate, steps,
/// θ, initialisation, stopping) are unpublished; the defaults are the ones that measured strongest against the DS
/// victim on temp, rte and sentiment while staying black-box, and <see cref="Paper"/> is the literal formulation.
/// <list type="bullet">
/// <item><see cref="Objective"/>, <see cref="MarginTemperature"/>: the attack term (eq. 5's cross-entropy or the margin form).</item>
/// <item><see cref="Lambda"/>: the disguise weight λ; null = eq. 20, λ = a·2^a·sigmoid(mean_i Σ_k p_ik ln p_ik)/M'.</item>
/// <item><see cref="Theta"/>: θ of the budget relaxation ½(1 + tanh(θ(t̃ - ½))); <see cref="DualStep"/>: the ascent step of
/// ψ on the constraint G = (Σ soft count - B)/B; <see cref="BudgetPenalty"/>: ρ of the augmented term (ρ/2)G², which
/// damps the dual oscillation (0 = the paper's plain Lagrangian, the default: top-k enforces the budget exactly and
/// ρ = 10 measured weaker there; use ρ ≈ 10 with <see cref="SubPacBudgetRule.Threshold"/>, where plain dual ascent
/// swings between all items and none).</item>
/// <item><see cref="Optimizer"/>, <see cref="LearningRate"/>, <see cref="InnerSteps"/>, <see cref="Rounds"/>: gradient steps
/// per outer round, outer rounds (each refits the substitute on the discretised strategy).</item>
/// <item><see cref="SubstituteIterations"/>: EM rounds of the ds and zencrowd substitutes per fit (applied when the
/// substitute is created by name, <see cref="SubPacAttack.Create"/> and the attack catalog).</item>
/// <item><see cref="KeepBest"/>: return the best discrete strategy seen, scored by how many substitute labels it
/// changes (no ground truth), instead of the last one.</item>
/// <item><see cref="FlipFractions"/>: candidate selection by refitting: after each round, also try keeping only the
/// strongest fraction φ of the label flips (ranked by logit preference; the other chosen items get the clean
/// label, as disguise) and keep the candidate the refitted substitute scores best. [1] = plain argmax.</item>
/// <item><see cref="DirectionalCandidates"/>: also try, per class c, the one-directional candidates (flip only towards c,
/// never label a clean-c item; see <c>SubPacPlan.Extract</c>), which keep the colluders perfect on c.</item>
/// <item><see cref="FlipRanking"/>: which flips a fraction keeps first (logit preference or clean substitute margin).</item>
/// <item><see cref="Restarts"/>: independent seeded starts; the best-scoring one (by the refitted substitute) wins.
/// Default 3: with one start a seed now and then lands far below the others (rte, a = 0.25, sweep seed 0: ASR 0.031
/// on subpac-ds with one start, 0.148 with three; sentiment a = 0.5: 0.135 and 0.152), at three times the cost.</item>
/// <item><see cref="Budget"/>: exact top-k per worker or the t̃ &gt; ½ threshold.</item>
/// <item><see cref="SharedStrategy"/>: one strategy copied to all M' workers (the released files) or one per worker.</item>
/// <item><see cref="Start"/>, <see cref="InitNoise"/>: t̃ logits start at logit(a) + InitNoise·N(0, 1), label logits at
/// InitNoise·N(0, 1); the first fit uses <see cref="Start"/>.</item>
/// </list>
/// </summary>
public sealed record SubPacSettings
{
    public SubPacSettings(
        SubPacObjective objective = SubPacObjective.Margin,
        double marginTemperature = 1.0,
        double? lambda = 0.0,
        double theta = 5.0,
        SubPacOptimizer optimizer = SubPacOptimizer.Adam,
        double learningRate = 0.1,
        int innerSteps = 50,
        int rounds = 10,
        double dualStep = 0.5,
        double budgetPenalty = 0,
        int substituteIterations = 20,
        bool keepBest = true,
        IReadOnlyList<double>? flipFractions = null,
        bool directionalCandidates = true,
        SubPacFlipRanking flipRanking = SubPacFlipRanking.CleanMargin,
        int restarts = 3,
        SubPacBudgetRule budget = SubPacBudgetRule.TopK,
        bool sharedStrategy = true,
        SubPacStart start = SubPacStart.Consensus,
        double initNoise = 0.01)
    {
        Objective = objective;
        MarginTemperature = Positive(marginTemperature, "marginTemperature");
        if (lambda is { } l && !(l >= 0 && double.IsFinite(l))) throw new AlfcInputException($"SubPac lambda must be a finite value ≥ 0 (or null for eq. 20), got {l}");
        Lambda = lambda;
        Theta = Positive(theta, "theta");
        Optimizer = optimizer;
        LearningRate = Positive(learningRate, "learningRate");
        InnerSteps = InRange(innerSteps, 1, MaxInnerSteps, "innerSteps");
        Rounds = InRange(rounds, 1, MaxRounds, "rounds");
        if (!(dualStep >= 0 && double.IsFinite(dualStep))) throw new AlfcInputException($"SubPac dualStep must be finite and ≥ 0, got {dualStep}");
        DualStep = dualStep;
        if (!(budgetPenalty >= 0 && double.IsFinite(budgetPenalty))) throw new AlfcInputException($"SubPac budgetPenalty must be finite and ≥ 0, got {budgetPenalty}");
        BudgetPenalty = budgetPenalty;
        SubstituteIterations = InRange(substituteIterations, 1, MaxSubstituteIterations, "substituteIterations");
        KeepBest = keepBest;
        FlipFractions = flipFractions is null ? DefaultFlipFractions : flipFractions.ToArray();
        if (FlipFractions.Count == 0 || FlipFractions.Any(f => !(f > 0 && f <= 1)))
            throw new AlfcInputException($"SubPac flipFractions must be a non-empty list of values in (0, 1], got [{string.Join(", ", FlipFractions)}]");
        DirectionalCandidates = directionalCandidates;
        FlipRanking = flipRanking;
        Restarts = InRange(restarts, 1, MaxRestarts, "restarts");
        // Each bound alone is far past any use, but the work is their product: rounds=1000 with 100 restarts would refit
        // the substitute some six million times. Bounded together: 2000 rounds in all take about 8 minutes on temp here
        // (the default 30 took 6.8 s).
        if ((long)Rounds * Restarts > MaxRoundsTimesRestarts)
            throw new AlfcInputException($"SubPac rounds x restarts must be at most {MaxRoundsTimesRestarts}, got {Rounds} x {Restarts} (every round refits the substitute for each candidate)");
        if ((long)Rounds * Restarts * InnerSteps > MaxGradientSteps)
            throw new AlfcInputException($"SubPac rounds x restarts x innerSteps must be at most {MaxGradientSteps}, got {Rounds} x {Restarts} x {InnerSteps}");
        Budget = budget;
        SharedStrategy = sharedStrategy;
        Start = start;
        if (!(initNoise >= 0 && double.IsFinite(initNoise))) throw new AlfcInputException($"SubPac initNoise must be finite and ≥ 0, got {initNoise}");
        InitNoise = initNoise;
    }

    /// <summary>The default candidate flip fractions.</summary>
    public static IReadOnlyList<double> DefaultFlipFractions { get; } = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05];

    /// <summary>
    /// The paper's formulation as literally as the notes allow: eq. 5's cross-entropy, λ from eq. 20, the t̃ &gt; ½
    /// threshold, argmax labels, the last round's strategy, the logits' own start.
    /// </summary>
    public static SubPacSettings Paper { get; } = new(objective: SubPacObjective.CrossEntropy, lambda: null, keepBest: false,
        flipFractions: [1.0], directionalCandidates: false, flipRanking: SubPacFlipRanking.Logits, budget: SubPacBudgetRule.Threshold, start: SubPacStart.Logits);

    public SubPacObjective Objective { get; }
    public double MarginTemperature { get; }
    public double? Lambda { get; }
    public double Theta { get; }
    public SubPacOptimizer Optimizer { get; }
    public double LearningRate { get; }
    public int InnerSteps { get; }
    public int Rounds { get; }
    public double DualStep { get; }
    public double BudgetPenalty { get; }
    public int SubstituteIterations { get; }
    public bool KeepBest { get; }
    public IReadOnlyList<double> FlipFractions { get; }
    public bool DirectionalCandidates { get; }
    public SubPacFlipRanking FlipRanking { get; }
    public int Restarts { get; }
    public SubPacBudgetRule Budget { get; }
    public bool SharedStrategy { get; }
    public SubPacStart Start { get; }
    public double InitNoise { get; }

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new AlfcInputException($"SubPac {name} must be finite and > 0, got {value}");

    // Upper bounds far above any useful value (defaults 50, 10, 20, 3), so that a slip such as rounds=1e9 is refused
    // at once instead of running for days: the work grows with their product.
    public const int MaxInnerSteps = 10_000, MaxRounds = 1_000, MaxSubstituteIterations = 1_000, MaxRestarts = 100;

    /// <summary>Bounds on the products that set the work (defaults: 30 and 1500).</summary>
    public const long MaxRoundsTimesRestarts = 2_000, MaxGradientSteps = 1_000_000;

    private static int InRange(int value, int minimum, int maximum, string name) =>
        value >= minimum && value <= maximum ? value : throw new AlfcInputException($"SubPac {name} must be from {minimum} to {maximum}, got {value}");
}
