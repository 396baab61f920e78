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

    /// <summary>Reads a record this kind's <see cref="Run"/> returned, as <c>AlfcJson</c> wrote it.</summary>
    ITrialRecord ReadRecord(string json);

    /// <summary>
    /// Loads (through <paramref name="data"/>) whatever the trial will read, so a missing or malformed input is a
    /// one-line error before a sweep starts, and local slots then find it cached.
    /// </summary>
    void CheckInputs(ITrialSpec spec, IDatasetSource data);

    /// <summary>Runs the trial. Everything random comes from the spec's seed.</summary>
    ITrialRecord Run(ITrialSpec spec, TrialContext context, CancellationToken cancellation);
}
