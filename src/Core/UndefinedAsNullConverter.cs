using Newtonsoft.Json;

namespace ALfc.Core;

/// <summary>
/// Writes a NaN <see cref="double"/> (an undefined metric: an ASR with no item right on clean data, an accuracy with no
/// known truth) as JSON <c>null</c>, so every file and --json output is plain JSON with numbers where numbers are, and
/// reads <c>null</c> back as NaN. Also reads the string "NaN" earlier builds wrote. Infinities are never valid in a
/// record, so they are refused here rather than written as strings.
/// </summary>
public sealed class UndefinedAsNullConverter : JsonConverter<double>
{
    public override void WriteJson(JsonWriter writer, double value, JsonSerializer serializer)
    {
        if (double.IsNaN(value)) writer.WriteNull();
        else if (double.IsInfinity(value)) throw new JsonSerializationException($"{writer.Path}: {value} cannot be written as JSON");
        else writer.WriteValue(value);
    }

    public override double ReadJson(JsonReader reader, Type objectType, double existingValue, bool hasExistingValue, JsonSerializer serializer) =>
        reader.TokenType switch
        {
            JsonToken.Null => double.NaN,
            JsonToken.Integer when reader.Value is System.Numerics.BigInteger big => (double)big,
            JsonToken.Float or JsonToken.Integer => Convert.ToDouble(reader.Value, System.Globalization.CultureInfo.InvariantCulture),
            JsonToken.String when reader.Value is "NaN" => double.NaN,
            _ => throw new JsonSerializationException($"{reader.Path}: expected a number, got {reader.TokenType}"),
        };
}
