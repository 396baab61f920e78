using System.Globalization;
using System.Text;
using ALfc.Core.Poisoning.Evaluation;

namespace ALfc.Coordinator.Cli;

/// <summary>The per-victim table `alfc poison` and `alfc victims` print: clean → poisoned accuracy, ASR and labels changed, then exp 2's reliability means.</summary>
internal static class VictimTable
{
    public static string Render(IReadOnlyList<VictimScore> scores, IReadOnlyList<WorkerReliability> workers)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
        var text = new StringBuilder();
        text.AppendLine($"{"victim",-16} {"clean",6}    {"poisoned",8} {"ASR",6} {"labels changed",15}");
        foreach (var s in scores)
            text.AppendLine($"{s.Victim,-16} {F(s.CleanAccuracy),6} -> {F(s.PoisonedAccuracy),8} {F(s.Asr),6} {s.LabelsChanged,8} of {s.Items}");
        var (normalTrue, maliciousTrue, normalEstimated, maliciousEstimated) = WorkerReliabilityAnalysis.Summarise(workers);
        text.Append(CultureInfo.InvariantCulture,
            $"workers: normal accuracy {F(normalTrue)} (estimated {F(normalEstimated)}), malicious accuracy {F(maliciousTrue)} (estimated {F(maliciousEstimated)}) by {Core.Poisoning.PoisoningRunner.ReliabilityVictim}");
        return text.ToString();
    }
}
