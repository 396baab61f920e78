namespace ALfc.Core.Trials;

/// <summary>A trial finished but its record cannot stand as a result (a non-finite number, an empty test set): the trial failed.</summary>
public sealed class InvalidTrialRecordException(string message) : Exception(message)
{
    /// <summary>Throws unless <paramref name="value"/> is finite, naming the field.</summary>
    public static void RequireFinite(double value, string field)
    {
        if (!double.IsFinite(value)) throw new InvalidTrialRecordException($"{field} is {value} (an empty or degenerate test set?)");
    }

    /// <summary>Throws when <paramref name="value"/> is infinite; NaN is allowed and means undefined (stored as null).</summary>
    public static void RequireFiniteOrUndefined(double value, string field)
    {
        if (double.IsInfinity(value)) throw new InvalidTrialRecordException($"{field} is {value}");
    }
}
