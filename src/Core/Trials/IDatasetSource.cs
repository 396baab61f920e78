using ALfc.Core.Data;
using ALfc.Core.Data.AnswerSets;

namespace ALfc.Core.Trials;

/// <summary>Where a running trial gets its data: loaded once per process and shared by its slots (see the cluster's DatasetCache).</summary>
public interface IDatasetSource
{
    CrowdDataset Get(string name, FeatureScaling scaling, int lsaDimensions);

    /// <summary>A named answer set (<see cref="AnswerSetCatalog"/>).</summary>
    AnswerSet GetAnswers(string name);
}
