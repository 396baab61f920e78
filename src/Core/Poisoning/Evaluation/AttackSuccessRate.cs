namespace ALfc.Core.Poisoning.Evaluation;

/// <summary>
/// The attack success rate of Chen et al. (IJCAI 2023, supplement eq. 19; <c>utils.get_change_rate</c> in their code):
/// among the items with known truth z that the victim labels correctly on the clean answers, the fraction it labels
/// wrongly after poisoning,
/// ASR = #{i : f(clean)_i = z_i ∧ f(poisoned)_i ≠ z_i} / #{i : f(clean)_i = z_i}.
/// Items without truth (-1) never count, as in their code. NaN when the victim gets no item right on clean data.
/// </summary>
public static class AttackSuccessRate
{
    public static double Compute(IReadOnlyList<int> truth, IReadOnlyList<int> cleanLabels, IReadOnlyList<int> poisonedLabels)
    {
        if (cleanLabels.Count != truth.Count || poisonedLabels.Count != truth.Count)
            throw new ArgumentException($"{cleanLabels.Count} clean and {poisonedLabels.Count} poisoned labels for {truth.Count} items");
        int right = 0, turned = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            if (truth[i] < 0 || cleanLabels[i] != truth[i]) continue;
            right++;
            if (poisonedLabels[i] != truth[i]) turned++;
        }
        return right == 0 ? double.NaN : (double)turned / right;
    }

    /// <summary>Accuracy over the items with known truth (-1 entries skipped); NaN when there are none.</summary>
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> labels)
    {
        if (labels.Count != truth.Count) throw new ArgumentException($"{labels.Count} labels for {truth.Count} items");
        int known = 0, correct = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            if (truth[i] < 0) continue;
            known++;
            if (labels[i] == truth[i]) correct++;
        }
        return known == 0 ? double.NaN : (double)correct / known;
    }
}
