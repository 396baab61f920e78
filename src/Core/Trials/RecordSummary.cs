namespace ALfc.Core.Trials;

/// <summary>
/// The numbers the store keeps beside each record: <see cref="Headline"/> is what log lines and the sweep summary show
/// first (<see cref="HeadlineName"/>: clean accuracy for training trials), then the learned worker models' error when
/// there is one, epochs run and seconds spent.
/// </summary>
public sealed record RecordSummary(string HeadlineName, double Headline, double? ConfusionMae, int EpochsRun, double TrainSeconds, double EvalSeconds);
