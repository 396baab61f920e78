using ALfc.Core.Poisoning.Attacks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ALfc.Core.Poisoning;

/// <summary>
/// Reads SubPac settings as people write them: "key=value,..." on the command line, or a JSON object in a grid, each
/// over the defaults (<see cref="SubPacSettings"/>), or the word "paper" for <see cref="SubPacSettings.Paper"/>. Keys are
/// the settings' names in camelCase (lambda, theta, rounds, innerSteps, learningRate, budget, sharedStrategy, ...);
/// "lambda=eq20" asks for eq. 20. Every error is one line naming <c>field</c> and the key.
/// </summary>
public static class SubPacSettingsText
{
    public static SubPacSettings? Parse(string? text, string field)
    {
        if (text is null) return null;
        if (text.Trim().Equals("paper", StringComparison.OrdinalIgnoreCase)) return SubPacSettings.Paper;
        var overrides = new JObject();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pairs = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // An empty text is most likely a shell variable that was never set, not a request for the defaults.
        if (pairs.Length == 0) throw new AlfcInputException($"{field}: no settings given (key=value,... or paper)");
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new AlfcInputException(pair.Equals("paper", StringComparison.OrdinalIgnoreCase)
                    ? $"{field}: 'paper' stands alone (the paper's literal settings); give it without key=value settings, or give those settings alone"
                    : $"{field}: '{pair}' is not key=value");
            var key = pair[..eq].Trim();
            // A key given twice is a slip (which one was meant?), not an override.
            if (!seen.Add(key)) throw new AlfcInputException($"{field}: '{key}' is given twice");
            var value = pair[(eq + 1)..].Trim();
            // "lambda=" once read as JSON's null, eq. 20, a much weaker attack than the default: an empty value is refused.
            if (value.Length == 0) throw new AlfcInputException($"{field}: {key}: no value given (key=value)");
            // "lambda=eq20" passes as the text "eq20", which FromJson reads as eq. 20 for a grid too.
            overrides[key] = value.Contains(';') ? new JArray(value.Split(';').Select(v => Scalar(v.Trim()))) : Scalar(value);
        }
        return FromJson(overrides, field);
    }

    /// <summary>Settings from a JSON object of overrides (a grid's "subpac" field).</summary>
    public static SubPacSettings FromJson(JObject overrides, string field)
    {
        var merged = JObject.Parse(AlfcJson.Serialize(new SubPacSettings()));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in overrides.Properties())
        {
            var key = merged.Properties().FirstOrDefault(p => p.Name.Equals(property.Name, StringComparison.OrdinalIgnoreCase))?.Name
                      ?? throw new AlfcInputException($"{field}: unknown SubPac setting '{property.Name}' (known: {string.Join(", ", merged.Properties().Select(p => p.Name))})");
            // Keys match whatever their case, so {"rounds": 2, "Rounds": 3} names one setting twice, as rounds=2,Rounds=3 does.
            if (!seen.Add(key)) throw new AlfcInputException($"{field}: '{property.Name}' is given twice");
            // A list of one may be written as its one number (flipFractions=0.5), as people write it; "eq20" asks for
            // eq. 20's λ in a grid as on the command line.
            var value = IsList(key) && property.Value.Type is JTokenType.Integer or JTokenType.Float ? new JArray(property.Value)
                : key == "lambda" && property.Value is JValue { Type: JTokenType.String } text && string.Equals(text.Value<string>(), "eq20", StringComparison.OrdinalIgnoreCase)
                    ? JValue.CreateNull()
                    : property.Value;
            if (value is JValue { Type: JTokenType.String } blank && string.IsNullOrWhiteSpace(blank.Value<string>()))
                throw new AlfcInputException($"{field}: {key}: no value given");
            merged[key] = value;
            Check(key, value, field);
        }
        try
        {
            return merged.ToObject<SubPacSettings>(JsonSerializer.Create(AlfcJson.Settings))
                   ?? throw new AlfcInputException($"{field}: empty SubPac settings");
        }
        catch (AlfcInputException e)
        {
            throw new AlfcInputException($"{field}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new AlfcInputException($"{field}: {e.Message.Split('\n')[0].TrimEnd()}");
        }
    }

    /// <summary>
    /// Checks one value against its setting's type, so a wrong one is named by its key and the values it may take
    /// rather than by a .NET type.
    /// </summary>
    private static void Check(string key, JToken value, string field)
    {
        var type = typeof(SubPacSettings).GetProperties().First(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase)).PropertyType;
        try
        {
            if (value.Type == JTokenType.Null && Nullable.GetUnderlyingType(type) is null) throw new JsonSerializationException("null");
            // A count given as 1.5 would be rounded without a word.
            if (type == typeof(int) && value.Type == JTokenType.Float && value.Value<double>() % 1 != 0) throw new JsonSerializationException("fraction");
            value.ToObject(type, JsonSerializer.Create(AlfcJson.Settings));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new AlfcInputException($"{field}: {key}: '{value.ToString(Formatting.None).Trim('"')}' is not {Expected(type)}");
        }
    }

    private static bool IsList(string key) =>
        typeof(IEnumerable<double>).IsAssignableFrom(typeof(SubPacSettings).GetProperties().First(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase)).PropertyType);

    private static string Expected(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain.IsEnum)
            return "one of " + string.Join(", ", plain.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Select(f => f.GetCustomAttributes(typeof(System.Runtime.Serialization.EnumMemberAttribute), false).OfType<System.Runtime.Serialization.EnumMemberAttribute>()
                    .FirstOrDefault()?.Value ?? f.Name));
        if (plain == typeof(int)) return "a whole number";
        if (plain == typeof(bool)) return "true or false";
        if (plain == typeof(double)) return type == plain ? "a number" : "a number or eq20";
        return "a list of numbers (a;b;c)";
    }

    private static JToken Scalar(string value) =>
        bool.TryParse(value, out var b) ? new JValue(b)
        : long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l) ? new JValue(l)
        : double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? new JValue(d)
        : new JValue(value);
}
