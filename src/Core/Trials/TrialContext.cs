using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Core.Trials;

/// <summary>What a slot lends a running trial: its data source, its device, and where progress goes (null: nowhere).</summary>
public sealed record TrialContext(IDatasetSource Data, Device Device, IProgress<TrainingProgress>? Progress = null);
