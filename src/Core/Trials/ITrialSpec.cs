namespace ALfc.Core.Trials;

/// <summary>
/// Everything that determines one trial's record. Its id is the first 16 hex digits of the SHA-256 of
/// <see cref="CanonicalJson"/> (<see cref="TrialIds"/>): the same config is the same trial, wherever and whenever it runs.
/// </summary>
public interface ITrialSpec
{
    /// <summary>The <see cref="ITrialKind.Name"/> that runs it.</summary>
    string Kind { get; }

    /// <summary>The group whose repetitions a report averages.</summary>
    TrialGroup Group { get; }

    long Seed { get; }

    /// <summary>The spec as compact JSON in the one ALfc convention (<c>AlfcJson.Canonical</c>); its hash is the trial's id.</summary>
    string CanonicalJson();
}
