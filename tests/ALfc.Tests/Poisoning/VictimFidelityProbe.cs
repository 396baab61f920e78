using System.Diagnostics;
using ALfc.Core.Poisoning;
using ALfc.Core.Poisoning.Attacks;
using ALfc.Core.Poisoning.Evaluation;
using ALfc.Core.Poisoning.Victims;
using Xunit.Abstractions;

namespace ALfc.Tests.Poisoning;

public class VictimFidelityProbe(ITestOutputHelper output)
{
    [SubPacDataFact]
    public void Probe()
    {
        IPoisoningAttack[] attacks = [new FlipAttack(), new RandAttack(), new GreedyCollusionAttack(), new DsGradientAttack()];
        foreach (var ds in new[] { "temp", "rte", "sentiment" })
            foreach (var a in new[] { 0.3, 0.5 })
                foreach (var attack in attacks)
                {
                    var clean = SubPacData.CleanSet(ds);
                    var sw = Stopwatch.StartNew();
                    var mal = attack.Build(clean.Answers, clean.Classes, new PoisonBudget(5, a), 1);
                    var t = sw.ElapsedMilliseconds;
                    var scores = VictimEvaluator.Evaluate(clean, mal, new[] { "subpac-ds", "subpac-mv", "subpac-zencrowd" }.Select(n => VictimCatalog.Create(n)));
                    output.WriteLine($"{ds} a={a} {attack.Name} ({t} ms): " + string.Join("  ", scores.Select(s => $"{s.Victim} {s.Asr:F3}")));
                }
    }
}
