using System.Text.RegularExpressions;
using ALfc.Coordinator.Cli;
using ALfc.Core;
using ALfc.Core.Evaluation;
using ALfc.Core.Models;
using ALfc.Core.Training;

namespace ALfc.Tests.Training;

/// <summary>
/// An error that sends the user to an option must send them to one that exists: every `--option` named by a
/// TrainingConfig or EvaluationConfig check is an option of `alfc train`, and a field no option sets is named plainly.
/// </summary>
public partial class ConfigErrorOptionTests
{
    /// <summary>One broken value per check of the two configs (and of the classifier and substitute shapes they validate).</summary>
    private static IEnumerable<Action> BrokenConfigs()
    {
        TrainingConfig[] training =
        [
            new() { Epochs = 0 }, new() { BatchSize = 0 }, new() { LearningRate = 0 }, new() { AdamEpsilon = 0 },
            new() { Alpha = 2 }, new() { TrainEpsilon = -1 }, new() { TrainSteps = 0 }, new() { TrainStepFraction = 0 },
            new() { WorkerSmoothing = -1 }, new() { AggNetIterations = -1 }, new() { ReferenceIterationsPerRound = 0 },
            new() { Model = new MlpSpec(0, 0.5) }, new() { Model = new MlpSpec(8, 1) },
        ];
        EvaluationConfig[] evaluation =
        [
            new() { Attacks = ["cw"] }, new() { Epsilons = [] }, new() { Epsilons = [-1] }, new() { SubstituteEpochs = 0 },
            new() { WorkersToCompare = -1 }, new() { Substitute = new MlpSpec(0, 0.3) }, new() { Substitute = new MlpSpec(8, 1) },
        ];
        return training.Select(c => (Action)(() => c.Validate())).Concat(evaluation.Select(c => (Action)(() => c.Validate())));
    }

    [Fact]
    public void Every_option_a_config_error_names_is_an_option_of_alfc_train()
    {
        var options = TrainCommand.Create().Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        foreach (var validate in BrokenConfigs())
        {
            var message = Assert.Throws<AlfcInputException>(validate).Message;
            foreach (Match named in OptionName().Matches(message))
                Assert.True(options.Contains(named.Value), $"'{message}' names {named.Value}, which `alfc train` does not have (it has {string.Join(", ", options.Order())})");
        }
    }

    [Fact]
    public void Fields_the_cli_sets_are_named_by_their_option_and_the_others_plainly()
    {
        static string Error(TrainingConfig c) => Assert.Throws<AlfcInputException>(() => c.Validate()).Message;
        Assert.StartsWith("--lr: ", Error(new TrainingConfig { LearningRate = -1 }));
        Assert.StartsWith("--train-eps: ", Error(new TrainingConfig { TrainEpsilon = double.NaN }));
        Assert.StartsWith("--hidden: model hidden units", Error(new TrainingConfig { Model = new MlpSpec(0, 0.5) }));
        Assert.StartsWith("adam epsilon: ", Error(new TrainingConfig { AdamEpsilon = 0 }));
        Assert.StartsWith("training attack step fraction: ", Error(new TrainingConfig { TrainStepFraction = -0.5 }));
        // The substitute's shape is fixed, so its errors point at no option.
        Assert.StartsWith("substitute dropout", Assert.Throws<AlfcInputException>(() => new EvaluationConfig { Substitute = new MlpSpec(8, 1) }.Validate()).Message);
        Assert.StartsWith("substitute epochs: ", Assert.Throws<AlfcInputException>(() => new EvaluationConfig { SubstituteEpochs = 0 }.Validate()).Message);
    }

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}
