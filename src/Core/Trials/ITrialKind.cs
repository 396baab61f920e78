namespace ALfc.Core.Trials;

/// <summary>
/// What a trial runs. The sweep engine (grid, store, work protocol, trainer slots, retries, node loss, resume)
/// handles every kind alike: it only moves a kind's spec and record as JSON text, keyed by the kind's
/// <see cref="Name"/>. A new kind is one class implementing this, its spec and record types, and its report section.
/// </summary>
public interface ITrialKind
{
    /// <summary>The kind's name on the wire and in the store ("train", "poison", ...).</summary>
    string Name { get; }

    /// <summary>Reads a spec this kind wrote (<see cref="ITrialSpec.CanonicalJson"/>).</summary>
    ITrialSpec ReadSpec(string json);

    /// <summary>
    /// Reads a record this kind's <see cref="Run"/> returned, as <c>AlfcJson</c> wrote it. A record missing a member its
    /// type needs is a <c>JsonException</c> (<c>AlfcJson.DeserializeComplete</c>): the store calls it damage.
    /// </summary>
    ITrialRecord ReadRecord(string json);

    /// <summary>
    /// Loads (through <paramref name="data"/>) whatever the trial will read, so a missing or malformed input is a
    /// one-line error before a sweep starts, and local slots then find it cached.
    /// </summary>
    void CheckInputs(ITrialSpec spec, IDatasetSource data);

    /// <summary>
    /// The cheap part of <see cref="CheckInputs"/>, for a dry run and for a node about to run a unit: that the inputs are
    /// there under <paramref name="dataRoot"/> (null: $ALFC_DATA, else ./data), reading only what is quick to read and
    /// writing nothing. It depends only on the spec's <see cref="InputKey"/>, so a caller checks each key once.
    /// </summary>
    void CheckPresent(ITrialSpec spec, string? dataRoot);

    /// <summary>
    /// What <see cref="CheckPresent"/> looks for, as a key: trials with the same key read the same inputs, so a node whose
    /// data root lacks them for one trial lacks them for all, and a dry run checks each key once.
    /// </summary>
    string InputKey(ITrialSpec spec) => $"{Name}/{spec.Group.Dataset}";

    /// <summary>Runs the trial. Everything random comes from the spec's seed.</summary>
    ITrialRecord Run(ITrialSpec spec, TrialContext context, CancellationToken cancellation);

    /// <summary>
    /// Whether the trial may be fused with others of the same key, and how many at most (null: it always runs alone).
    /// Trials of one fusion key must have one <see cref="InputKey"/>: a node checks a unit's inputs on its first trial.
    /// Called on the coordinator, whose <paramref name="data"/> may have to load the trial's inputs (with no local slots it
    /// has not checked them); throwing means "run alone".
    /// </summary>
    FusionKey? Fusion(ITrialSpec spec, IDatasetSource data) => null;

    /// <summary>
    /// Runs a unit of trials that share a <see cref="Fusion"/> key, reporting each record through <paramref name="completed"/>
    /// (its index in <paramref name="specs"/>) as soon as it exists. Each record is the one <see cref="Run"/> gives for its spec.
    /// A unit of one is <see cref="Run"/>.
    /// </summary>
    void RunUnit(IReadOnlyList<ITrialSpec> specs, TrialContext context, Action<int, ITrialRecord> completed, CancellationToken cancellation)
    {
        for (int i = 0; i < specs.Count; i++) completed(i, Run(specs[i], context, cancellation));
    }
}
