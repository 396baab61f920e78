namespace ALfc.Core.Trials;

/// <summary>A trial finished but its record cannot stand as a result (a non-finite number, an empty test set): the trial failed.</summary>
public sealed class InvalidTrialRecordException(string message) : Exception(message)
{
    /// <summary>Throws unless <paramref name="value"/> is finite, naming the field.</summary>
    public static void RequireFinite(double value, string field)
    {
        if (!double.IsFinite(value)) throw new InvalidTrialRecordException($"{field} is {value} (an empty or degenerate test set?)");
    }

    /// <summary>Throws unless <paramref name="value"/> is an accuracy or rate: finite, from 0 to 1 (NaN too when <paramref name="undefinedAllowed"/>).</summary>
    public static void RequireFraction(double value, string field, bool undefinedAllowed = false)
    {
        if (undefinedAllowed && double.IsNaN(value)) return;
        RequireFinite(value, field);
        if (value is < 0 or > 1) throw new InvalidTrialRecordException($"{field} is {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, not a fraction from 0 to 1");
    }
}
