using ALfc.Core.Evaluation;

namespace ALfc.Core.Trials;

/// <summary>What one trial produced, as its kind records it.</summary>
public interface ITrialRecord
{
    TrialGroup Group { get; }

    /// <summary>The store's per-result columns: the headline number, its worker-model error if any, epochs and times.</summary>
    RecordSummary Summary { get; }

    /// <summary>Where the trial ran (cpu or cuda:N).</summary>
    string Device { get; }

    /// <summary>Every evaluated (box, attack, eps) cell with its accuracy; kinds without such cells yield none.</summary>
    IEnumerable<(CellKey Key, double Value)> Cells();

    /// <summary>
    /// Throws <see cref="InvalidTrialRecordException"/> if the record cannot be stored as a result (a NaN or infinite
    /// number, say): such a trial has failed, whatever its code returned.
    /// </summary>
    void Validate();
}
