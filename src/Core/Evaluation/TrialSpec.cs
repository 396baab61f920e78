using ALfc.Core.Data;
using ALfc.Core.Training;
using ALfc.Core.Trials;
using Newtonsoft.Json;

namespace ALfc.Core.Evaluation;

/// <summary>
/// Everything that determines one training trial's result: dataset and its preparation, method, training and
/// evaluation settings, and the seed. Its id hashes <see cref="CanonicalJson"/> (where the data lives is not part of
/// it: moving the data does not change a trial). Build one with <see cref="Create"/>, which fills in the dataset's
/// own defaults; every command and grid goes through it.
/// </summary>
public sealed record TrialSpec(
    string Dataset,
    string Method,
    long Seed,
    TrainingConfig Training,
    EvaluationConfig Evaluation,
    FeatureScaling Scaling = FeatureScaling.MinMax,
    int LsaDimensions = 1200) : ITrialSpec
{
    /// <summary>
    /// The one way to build a training trial's spec: <paramref name="trainEps"/> and <paramref name="scaling"/> default
    /// to the dataset's own (<see cref="DatasetCatalog.Describe"/>), the method name is normalised, and the whole spec
    /// is validated (each error names its option or field).
    /// </summary>
    /// <remarks>Settings that cannot change the trial's result are written as their defaults, so they do not change its id
    /// either: a method other than A-LFC reads none of A-LFC's settings (alpha, schedule, the training attack), so a
    /// grid that tunes them reruns only A-LFC, not every baseline; and an eps list equal to the dataset's own is
    /// written as "the dataset's own", so a grid that spells the default out finds the trials of one that leaves it
    /// out. The values given are validated first, so a bad one is still refused by name.</remarks>
    public static TrialSpec Create(string dataset, string method, long seed, TrainingConfig training, EvaluationConfig evaluation,
        double? trainEps = null, FeatureScaling? scaling = null, int lsaDimensions = 1200)
    {
        var descriptor = DatasetCatalog.Describe(dataset);
        method = method.ToLowerInvariant();
        // Validated as given (the final Validate sees the normalised values), so a bad A-LFC setting on a baseline is
        // still refused by name. The eps list needs no such check: it is only ever replaced by the valid default.
        training = (training with { TrainEpsilon = trainEps ?? descriptor.TrainingEpsilon }).Validate();
        if (!MethodCatalog.TakesAlpha(method)) training = training.WithoutAlfcSettings(descriptor.TrainingEpsilon);
        if (evaluation.Epsilons is { } eps && eps.SequenceEqual(CanonicalOrder.Of(descriptor.TestEpsilons)))
            evaluation = evaluation with { Epsilons = null };
        return new TrialSpec(descriptor.Name, method, seed, training, evaluation,
            scaling ?? descriptor.DefaultScaling, lsaDimensions).Validate();
    }

    [JsonIgnore] public string Kind => TrainingTrialKind.KindName;

    [JsonIgnore] public TrialGroup Group => new(Kind, Dataset, Method, Training.Alpha, AlfcSchedules.Name(Training.Schedule));

    public string CanonicalJson() => AlfcJson.Canonical(this);

    /// <summary>The full SHA-256 of <see cref="CanonicalJson"/> (the trial id is its first 16 digits).</summary>
    public string Hash() => TrialIds.Hash(CanonicalJson());

    public TrialSpec Validate()
    {
        MethodCatalog.Create(Method);
        DatasetOptions.CheckLsaDimensions(LsaDimensions);
        Training.Validate();
        Evaluation.Validate();
        return this;
    }
}
