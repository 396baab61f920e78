namespace ALfc.Core.Trials;

/// <summary>
/// The numbers the store keeps beside each record: <see cref="Headline"/> is what log lines and the sweep summary show
/// first (<see cref="HeadlineName"/>: clean accuracy for training trials), then the learned worker models' error when
/// there is one, epochs run and seconds spent: <see cref="TrainSeconds"/> on the trial's main work, which log lines
/// call <see cref="WorkName"/> (training; a poisoning trial's attack), and <see cref="EvalSeconds"/> scoring it.
/// </summary>
public sealed record RecordSummary(string HeadlineName, double Headline, double? ConfusionMae, int EpochsRun, double TrainSeconds, double EvalSeconds, string WorkName = "train");
