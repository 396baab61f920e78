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
    public static TrialSpec Create(string dataset, string method, long seed, TrainingConfig training, EvaluationConfig evaluation,
        double? trainEps = null, FeatureScaling? scaling = null, int lsaDimensions = 1200)
    {
        var descriptor = DatasetCatalog.Describe(dataset);
        return new TrialSpec(descriptor.Name, method.ToLowerInvariant(), seed,
            training with { TrainEpsilon = trainEps ?? descriptor.TrainingEpsilon }, evaluation,
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
