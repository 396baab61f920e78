using ALfc.Core.Aggregation;
using ALfc.Tests.Data;

namespace ALfc.Tests.Aggregation;

public class DawidSkeneTests
{
    [Fact]
    public void Matches_an_independent_implementation_on_a_hand_made_table()
    {
        var result = new DawidSkene(maxIterations: 100, tolerance: 1e-7, smoothing: 0.01).Aggregate(ToyCrowd.SixByFour(), 3);
        // From tests/ALfc.Tests/reference/aggregators_reference.py (converged after 11 iterations, log-likelihood -12.857240442228235).
        double[,] expected =
        {
            { 0.0001448591, 0.9998537259, 0.0000014150 },
            { 0.0000027873, 0.9999957977, 0.0000014150 },
            { 0.0000975318, 0.0000001672, 0.9999023010 },
            { 0.9999907339, 0.0000087660, 0.0000005001 },
            { 0.0000009568, 0.0000252462, 0.9999737970 },
            { 0.0000014141, 0.9999978681, 0.0000007179 },
        };
        Assert.Equal(11, result.Iterations);
        Assert.Equal(-12.857240442228235, result.LogLikelihoods![^1], 9);
        Numbers.AssertClose(expected, result.Posteriors, 1e-9);
        Numbers.AssertClose(new[,] { { 0.9804873393715249, 0.009710570423834324, 0.00980209020464079 },
            { 0.3333009777375509, 0.6633901756458711, 0.003308846616577879 },
            { 0.0049273427175819, 0.004927449964503549, 0.9901452073179146 } }, result.Confusions![0], 1e-9);
    }

    [Fact]
    public void Log_likelihood_never_decreases()
    {
        var data = Core.Data.Loaders.SyntheticCrowdGenerator.Generate(new());
        var history = new DawidSkene(smoothing: 0).Aggregate(data.Answers, data.Classes).LogLikelihoods!;
        for (int t = 1; t < history.Count; t++) Assert.True(history[t] >= history[t - 1] - 1e-6, $"iteration {t}: {history[t]} < {history[t - 1]}");
    }

    [Fact]
    public void Recovers_the_synthetic_workers_confusion_matrices()
    {
        var (data, truth) = Core.Data.Loaders.SyntheticCrowdGenerator.GenerateWithWorkers(new() { TrainItems = 3000 });
        var learned = new DawidSkene().Aggregate(data.Answers, data.Classes).Confusions!;
        var counts = data.Answers.AnswersPerWorker();
        // The busiest worker has hundreds of answers: its matrix must be close to the truth.
        int busiest = Array.IndexOf(counts, counts.Max());
        double error = 0;
        for (int t = 0; t < data.Classes; t++)
            for (int a = 0; a < data.Classes; a++) error += Math.Abs(learned[busiest][t, a] - truth[busiest][t, a]);
        Assert.True(error / (data.Classes * data.Classes) < 0.05, $"mean abs error {error / (data.Classes * data.Classes)}");
    }
}
