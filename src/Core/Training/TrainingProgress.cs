namespace ALfc.Core.Training;

/// <summary>Where a training run is: a phase name, and epochs done out of the run's total (all phases).</summary>
public sealed record TrainingProgress(string Phase, int Epoch, int TotalEpochs);
