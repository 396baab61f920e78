using ALfc.Core;
using ALfc.Core.Poisoning.Evaluation;
using Newtonsoft.Json;

namespace ALfc.Tests.Json;

/// <summary>An undefined metric (NaN) is JSON null on the way out and NaN on the way back; infinities are never written.</summary>
public class UndefinedAsNullConverterTests
{
    [Fact]
    public void Nan_is_written_as_null_and_read_back_as_nan_and_numbers_round_trip_exactly()
    {
        var score = new VictimScore("mv", 0.1 + 0.2, double.NaN, double.NaN, 3, 7);
        var json = AlfcJson.Canonical(score);
        Assert.Equal("{\"victim\":\"mv\",\"cleanAccuracy\":0.30000000000000004,\"poisonedAccuracy\":null,\"asr\":null,\"labelsChanged\":3,\"items\":7}", json);
        var back = AlfcJson.Deserialize<VictimScore>(json);
        Assert.Equal(0.1 + 0.2, back.CleanAccuracy);
        Assert.True(double.IsNaN(back.PoisonedAccuracy) && double.IsNaN(back.Asr));
    }

    [Fact]
    public void The_string_nan_of_earlier_builds_reads_as_nan_and_other_strings_or_infinities_are_refused()
    {
        Assert.True(double.IsNaN(AlfcJson.Deserialize<VictimScore>("{\"victim\":\"mv\",\"cleanAccuracy\":\"NaN\",\"poisonedAccuracy\":1,\"asr\":0,\"labelsChanged\":0,\"items\":1}").CleanAccuracy));
        Assert.Throws<JsonSerializationException>(() => AlfcJson.Deserialize<VictimScore>("{\"victim\":\"mv\",\"cleanAccuracy\":\"high\",\"poisonedAccuracy\":1,\"asr\":0,\"labelsChanged\":0,\"items\":1}"));
        Assert.Throws<JsonSerializationException>(() => AlfcJson.Serialize(new VictimScore("mv", double.PositiveInfinity, 0, 0, 0, 1)));
    }
}
