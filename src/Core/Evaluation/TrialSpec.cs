using System.Security.Cryptography;
using System.Text;
using ALfc.Core.Data;
using ALfc.Core.Training;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace ALfc.Core.Evaluation;

/// <summary>
/// Everything that determines one trial's result: dataset and its preparation, method, training and
/// evaluation settings, and the seed. <see cref="Hash"/> is a SHA-256 of its canonical JSON (where the
/// data lives is not part of it: moving the data does not change a trial).
/// </summary>
public sealed record TrialSpec(
    string Dataset,
    string Method,
    long Seed,
    TrainingConfig Training,
    EvaluationConfig Evaluation,
    FeatureScaling Scaling = FeatureScaling.MinMax,
    int LsaDimensions = 1200)
{
    private static readonly JsonSerializerSettings Canonical = new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy() },
        Converters = { new StringEnumConverter() },
        Formatting = Formatting.None,
        FloatFormatHandling = FloatFormatHandling.String,
    };

    public string CanonicalJson() => JsonConvert.SerializeObject(this, Canonical);

    public string Hash() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson()))).ToLowerInvariant();

    public TrialSpec Validate()
    {
        if (!MethodCatalog.IsKnown(Method)) MethodCatalog.Create(Method);
        Training.Validate();
        Evaluation.Validate();
        return this;
    }
}
