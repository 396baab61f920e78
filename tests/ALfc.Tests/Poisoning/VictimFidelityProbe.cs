using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;
using Xunit.Abstractions;

namespace ALfc.Tests.Poisoning;

public class VictimFidelityProbe(ITestOutputHelper output)
{
    [SubPacDataFact]
    public void Probe()
    {
        foreach (var ds in new[] { "temp", "rte", "sentiment" })
            foreach (var sub in new[] { "MV", "WMV", "EM", "ZenCrowd" })
            {
                var p = SubPacData.Poisoned(ds, "POAC", sub);
                var scores = VictimEvaluator.Evaluate(p, VictimCatalog.SubPacNames.Select(n => VictimCatalog.Create(n)));
                output.WriteLine($"{ds} {sub}: " + string.Join("  ", scores.Select(s => $"{s.Victim} {s.Asr:F3} ({s.CleanAccuracy:F3}->{s.PoisonedAccuracy:F3})")));
            }
    }
}
