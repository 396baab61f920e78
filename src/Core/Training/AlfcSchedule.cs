using System.Runtime.Serialization;

namespace ALfc.Core.Training;

/// <summary>Which A-LFC schedule to run (see <see cref="Methods.AlfcMethod"/>).</summary>
public enum AlfcSchedule
{
    /// <summary>The paper's Algorithm 1: per minibatch, backprop, worker update, E-step, PGD regeneration. The default.</summary>
    [EnumMember(Value = "paper")] Paper,

    /// <summary>The authors' code: MV pre-training, AggNet EM, then 20 rounds of EM on [X; X'] and PGD regeneration.</summary>
    [EnumMember(Value = "reference")] Reference,
}

/// <summary>Parses and names <see cref="AlfcSchedule"/> (<see cref="EnumSpelling{T}"/>).</summary>
public static class AlfcSchedules
{
    /// <summary>The schedule named <paramref name="text"/>; <paramref name="field"/> names the option or grid field in the error.</summary>
    public static AlfcSchedule Parse(string text, string field = "--schedule") =>
        EnumSpelling<AlfcSchedule>.TryParse(text, out var schedule)
            ? schedule
            : throw new AlfcInputException($"{field}: unknown schedule '{text}' (expected {EnumSpelling<AlfcSchedule>.Expected})");

    public static string Name(AlfcSchedule schedule) => EnumSpelling<AlfcSchedule>.Name(schedule);
}
