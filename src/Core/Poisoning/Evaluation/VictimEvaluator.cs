using ALfc.Core.Aggregation;
using ALfc.Core.Data.AnswerSets;

namespace ALfc.Core.Poisoning.Evaluation;

/// <summary>
/// Scores victims as the SubPac evaluation does (<c>utils.test</c>): each victim is run from scratch on the normal
/// answers and on the normal plus malicious answers, and the two label vectors are compared with the truth
/// (<see cref="VictimScore"/>). Stateless; the victims are used one at a time.
/// </summary>
public static class VictimEvaluator
{
    /// <summary>Scores <paramref name="victims"/> on a poisoned set (normal workers first, malicious after, as <see cref="AnswerSetLoader.LoadPoisoned"/> returns).</summary>
    public static IReadOnlyList<VictimScore> Evaluate(AnswerSet poisoned, IEnumerable<IAggregator> victims, CancellationToken cancel = default)
    {
        var clean = poisoned.NormalAnswers();
        var scores = new List<VictimScore>();
        foreach (var victim in victims)
        {
            cancel.ThrowIfCancellationRequested();
            var before = victim.Aggregate(clean, poisoned.Classes).Labels;
            cancel.ThrowIfCancellationRequested();
            var after = victim.Aggregate(poisoned.Answers, poisoned.Classes).Labels;
            scores.Add(Score(victim.Name, poisoned.Truth, before, after));
        }
        return scores;
    }

    /// <summary>Scores <paramref name="victims"/> on <paramref name="clean"/> joined with <paramref name="malicious"/> (items x M').</summary>
    public static IReadOnlyList<VictimScore> Evaluate(AnswerSet clean, Data.AnswerMatrix malicious, IEnumerable<IAggregator> victims, CancellationToken cancel = default) =>
        Evaluate(clean.WithMalicious(malicious), victims, cancel);

    public static VictimScore Score(string victim, IReadOnlyList<int> truth, IReadOnlyList<int> cleanLabels, IReadOnlyList<int> poisonedLabels)
    {
        int changed = 0;
        for (int i = 0; i < cleanLabels.Count; i++) if (cleanLabels[i] != poisonedLabels[i]) changed++;
        return new VictimScore(victim, AttackSuccessRate.Accuracy(truth, cleanLabels), AttackSuccessRate.Accuracy(truth, poisonedLabels),
            AttackSuccessRate.Compute(truth, cleanLabels, poisonedLabels), changed, truth.Count);
    }
}
