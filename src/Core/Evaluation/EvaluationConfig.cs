using ALfc.Core.Attacks;
using ALfc.Core.Data;
using ALfc.Core.Models;

namespace ALfc.Core.Evaluation;

/// <summary>
/// What to measure on one trained model: clean accuracy, then every attack x eps white-box (crafted on
/// the model) and black-box (crafted on a substitute trained on MV labels, identical for every method of
/// a repetition), and the learned-vs-true confusion matrices of the <see cref="WorkersToCompare"/>
/// busiest workers.
/// </summary>
public sealed record EvaluationConfig
{
    /// <summary>The attacks to run, in <see cref="AttackCatalog.Names"/> order whatever order they are given in (<see cref="CanonicalOrder"/>).</summary>
    public IReadOnlyList<string> Attacks { get => attacks; init => attacks = CanonicalOrder.Of(value, AttackCatalog.Names); }

    private readonly IReadOnlyList<string> attacks = AttackCatalog.Names;

    /// <summary>Test eps values, ascending; null means the dataset's own list (<see cref="IDatasetLoader.TestEpsilons"/>).</summary>
    public IReadOnlyList<double>? Epsilons { get => epsilons; init => epsilons = value is null ? null : CanonicalOrder.Of(value); }

    private readonly IReadOnlyList<double>? epsilons;

    public bool WhiteBox { get; init; } = true;
    public bool BlackBox { get; init; } = true;

    /// <summary>PGD's random start: on as the paper describes; off reproduces the authors' code.</summary>
    public bool PgdRandomStart { get; init; } = true;

    public MlpSpec Substitute { get; init; } = MlpSpec.Substitute;

    /// <summary>Substitute training epochs; null means the same as the trained model's epochs (200 in the paper).</summary>
    public int? SubstituteEpochs { get; init; }

    public int WorkersToCompare { get; init; } = 6;

    /// <summary>Optional clamp of adversarial inputs to a data range; off, since the features are not images.</summary>
    public (double Low, double High)? Clamp { get; init; }

    public IReadOnlyList<double> EpsilonsFor(string dataset) => Epsilons ?? DatasetCatalog.Describe(dataset).TestEpsilons;

    public const int MaxEpsilons = 256;

    public EvaluationConfig Validate()
    {
        foreach (var attack in Attacks)
            if (!AttackCatalog.IsKnown(attack)) throw new AlfcInputException($"--attacks: unknown attack '{attack}' (known: {string.Join(", ", AttackCatalog.Names)})");
        if (Epsilons is { } eps)
        {
            if (eps.Count == 0) throw new AlfcInputException("--eps: the list is empty");
            // Every eps is a pass over the test set per attack and box: the paper has eight; 256 is far past any curve.
            if (eps.Count > MaxEpsilons) throw new AlfcInputException($"--eps: at most {MaxEpsilons} values, got {eps.Count}");
            foreach (var e in eps)
                if (!ALfc.Core.Attacks.AttackBase.IsEpsilon(e)) throw new AlfcInputException($"--eps: {e} is not a number from 0 to {ALfc.Core.Attacks.AttackBase.MaxEpsilon}");
        }
        if (SubstituteEpochs is < 1) throw new AlfcInputException($"substitute epochs: must be at least 1, got {SubstituteEpochs}");
        if (WorkersToCompare < 0) throw new AlfcInputException($"workers to compare: must be >= 0, got {WorkersToCompare}");
        Substitute.Validate("substitute");
        return this;
    }
}
