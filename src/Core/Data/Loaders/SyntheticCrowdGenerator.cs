namespace ALfc.Core.Data.Loaders;

/// <summary>
/// A seeded synthetic crowd dataset, the built-in default. Features: class means μ_k ~ U(0, s)^D and
/// x = μ_y + N(0, I). Worker j has a K x K confusion matrix Π^(j) with answers drawn as
/// y_ij ~ Categorical(Π^(j)[t_i, ·]): reliable workers have diagonal 0.75-0.95, noisy ones 0.4-0.65
/// (off-diagonal mass spread unevenly, so errors are class-dependent), spammers answer one fixed
/// class or uniformly at random. Each item gets between Min and Max answers from workers drawn with
/// Zipf weights; every worker answers at least once. The same spec gives the same dataset.
/// </summary>
public sealed class SyntheticCrowdGenerator : IDatasetLoader
{
    public const string DatasetName = "synthetic";

    public string Name => DatasetName;

    /// <summary>Min-max to [0, 1] on training statistics: the scale the paper's eps values (0.001-0.03) are sized for.</summary>
    public FeatureScaling DefaultScaling => FeatureScaling.MinMax;

    public bool ReadsFiles => false;

    public CrowdDataset Load(DatasetOptions options) => Generate(options.Synthetic);

    public static CrowdDataset Generate(SyntheticCrowdSpec spec) => GenerateWithWorkers(spec).Dataset;

    /// <summary>The dataset and the true confusion matrices it was drawn from ([worker][true, answered]).</summary>
    public static (CrowdDataset Dataset, double[][,] Confusions) GenerateWithWorkers(SyntheticCrowdSpec spec)
    {
        spec.Validate();
        var random = new Random(spec.Seed);
        int k = spec.Classes, d = spec.Features, m = spec.Workers;

        var means = new double[k, d];
        for (int c = 0; c < k; c++)
            for (int f = 0; f < d; f++) means[c, f] = random.NextDouble() * spec.ClassSeparation * 2;

        var (trainX, trainY) = Sample(spec.TrainItems);
        var (testX, testY) = Sample(spec.TestItems);

        var confusions = Enumerable.Range(0, m).Select(j => WorkerConfusion(j)).ToArray();
        var weights = Enumerable.Range(0, m).Select(r => 1.0 / Math.Pow(r + 1, spec.ParticipationSkew)).ToArray();
        Shuffle(weights); // so participation is independent of worker type

        var answers = Enumerable.Repeat(AnswerMatrix.Missing, spec.TrainItems * m).ToArray();
        for (int i = 0; i < spec.TrainItems; i++)
        {
            int count = random.Next(spec.MinAnswersPerItem, spec.MaxAnswersPerItem + 1);
            foreach (var j in WeightedSampleWithoutReplacement(weights, count))
                answers[i * m + j] = Draw(confusions[j], trainY[i]);
        }
        for (int j = 0; j < m; j++)
        {
            bool answered = false;
            for (int i = 0; i < spec.TrainItems && !answered; i++) answered = answers[i * m + j] != AnswerMatrix.Missing;
            if (!answered)
            {
                int item = random.Next(spec.TrainItems);
                answers[item * m + j] = Draw(confusions[j], trainY[item]);
            }
        }

        var dataset = new CrowdDataset(DatasetName, trainX, trainY, testX, testY, new AnswerMatrix(spec.TrainItems, m, answers),
            Enumerable.Range(0, k).Select(c => $"c{c}").ToArray(), Enumerable.Range(0, m).Select(j => $"w{j}").ToArray(),
            FeatureScaling.None);
        return (dataset, confusions);

        (FeatureMatrix, int[]) Sample(int n)
        {
            var x = new float[n * d];
            var y = new int[n];
            for (int i = 0; i < n; i++)
            {
                y[i] = random.Next(k);
                for (int f = 0; f < d; f++) x[i * d + f] = (float)(means[y[i], f] + Gaussian());
            }
            return (new FeatureMatrix(n, d, x), y);
        }

        double[,] WorkerConfusion(int j)
        {
            var pi = new double[k, k];
            double u = random.NextDouble();
            bool reliable = u < spec.ReliableFraction, noisy = !reliable && u < spec.ReliableFraction + spec.NoisyFraction;
            if (!reliable && !noisy)
            {
                // Spammers: half always give one class, half answer uniformly at random.
                int fixedClass = random.Next(k);
                bool constant = random.NextDouble() < 0.5;
                for (int t = 0; t < k; t++)
                    for (int a = 0; a < k; a++) pi[t, a] = constant ? (a == fixedClass ? 1 : 0) : 1.0 / k;
                return pi;
            }
            for (int t = 0; t < k; t++)
            {
                double diag = reliable ? 0.75 + 0.2 * random.NextDouble() : 0.4 + 0.25 * random.NextDouble();
                var off = Enumerable.Range(0, k).Select(a => a == t ? 0 : -Math.Log(1 - random.NextDouble())).ToArray();
                double total = off.Sum();
                for (int a = 0; a < k; a++) pi[t, a] = a == t ? diag : (1 - diag) * off[a] / total;
            }
            return pi;
        }

        int Draw(double[,] pi, int truth)
        {
            double u = random.NextDouble(), acc = 0;
            for (int a = 0; a < k; a++)
            {
                acc += pi[truth, a];
                if (u < acc) return a;
            }
            return k - 1;
        }

        IEnumerable<int> WeightedSampleWithoutReplacement(double[] w, int count)
        {
            var remaining = (double[])w.Clone();
            for (int c = 0; c < count; c++)
            {
                double u = random.NextDouble() * remaining.Sum(), acc = 0;
                int pick = Array.FindLastIndex(remaining, x => x > 0);
                for (int j = 0; j < remaining.Length; j++)
                {
                    acc += remaining[j];
                    if (remaining[j] > 0 && u < acc) { pick = j; break; }
                }
                remaining[pick] = 0;
                yield return pick;
            }
        }

        void Shuffle(double[] values)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }

        double Gaussian()
        {
            // Box-Muller; 1 - U keeps the log argument in (0, 1].
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
