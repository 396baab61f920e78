namespace ALfc.Core.Training;

/// <summary>Where a training run is: a phase name, epochs done out of the run's total (all phases), and the mean minibatch loss of the epoch just done.</summary>
public sealed record TrainingProgress(string Phase, int Epoch, int TotalEpochs, double Loss = double.NaN);
