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

/// <summary>Parses and names <see cref="AlfcSchedule"/>: the one place its spellings live.</summary>
public static class AlfcSchedules
{
    public const string Expected = "paper or reference";

    /// <summary>The schedule named <paramref name="text"/>; <paramref name="field"/> names the option or grid field in the error.</summary>
    public static AlfcSchedule Parse(string text, string field = "--schedule") => text.Trim().ToLowerInvariant() switch
    {
        "paper" => AlfcSchedule.Paper,
        "reference" => AlfcSchedule.Reference,
        _ => throw new AlfcInputException($"{field}: unknown schedule '{text}' (expected {Expected})"),
    };

    public static string Name(AlfcSchedule schedule) => schedule == AlfcSchedule.Paper ? "paper" : "reference";
}
