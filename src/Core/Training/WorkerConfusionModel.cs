using System.Numerics;
using System.Runtime.InteropServices;
using ALfc.Core.Aggregation;
using ALfc.Core.Data;

namespace ALfc.Core.Training;

/// <summary>
/// The crowd side of the EM methods (AggNet, A-LFC): soft labels ρ (items x K) and the worker confusion
/// matrices they imply.
/// <para>Worker update (A-LFC eq. 6): π^(j)[k, l] = (s + Σ_i ρ_ik 1[y_ij = l]) / (K s + Σ_i ρ_ik 1[y_ij answered]).</para>
/// <para>E-step (eq. 7): ρ_ik ∝ q_ik · Π_j π^(j)[k, y_ij], with q the classifier's class probabilities
/// (A-LFC mixes natural and adversarial ones), computed in log space.</para>
/// The counts behind π are kept up to date as rows of ρ change, so A-LFC's per-minibatch worker update
/// costs only the batch's answers, not a pass over the whole answer matrix; and a refresh recomputes log π only for
/// the workers whose counts moved since the last one (the same floats: log π is a function of a worker's counts).
/// </summary>
public sealed class WorkerConfusionModel
{
    private readonly AnswerLists answersOf;
    private readonly double[][] counts; // per worker, K x K row-major [true, answered]
    private readonly double smoothing;
    // Per worker, log π transposed: K x K row-major [answered, true], so an answer's K class terms are adjacent.
    private readonly double[][] logConfusions;
    private readonly bool[] stale;
    private readonly double[,] scratch; // RefreshConfusions' one worker at a time: the model is used from one thread

    public WorkerConfusionModel(AnswerMatrix answers, int classes, double smoothing, double[,] initialPosteriors)
        : this(new AnswerLists(answers), answers.Workers, classes, smoothing, initialPosteriors)
    {
    }

    private WorkerConfusionModel(AnswerLists answersOf, int workers, int classes, double smoothing, double[,] initialPosteriors)
    {
        Classes = classes;
        Workers = workers;
        this.smoothing = smoothing;
        this.answersOf = answersOf;
        counts = Enumerable.Range(0, Workers).Select(_ => new double[classes * classes]).ToArray();
        logConfusions = Enumerable.Range(0, Workers).Select(_ => new double[classes * classes]).ToArray();
        stale = new bool[Workers];
        scratch = new double[classes, classes];
        Posteriors = new double[answersOf.Items, classes];
        InitialPosteriors = (double[,])initialPosteriors.Clone();
        Reset(initialPosteriors);
    }

    /// <summary>
    /// The start both EM methods (AggNet, A-LFC) use: ρ = the one-hot majority vote (ties to the lowest class),
    /// π from it. The majority vote stays available as <see cref="InitialPosteriors"/>, for MV pre-training and restarts.
    /// </summary>
    public static WorkerConfusionModel FromMajorityVote(CrowdDataset data, double smoothing) => FromMajorityVote(data, smoothing, 1)[0];

    /// <summary>
    /// <paramref name="count"/> independent models started from the majority vote, one per fused repetition. They share
    /// the (read-only) lists of each item's answers: one copy instead of one per replica keeps the E-step's reads of them
    /// in cache beside the replicas' own counts, log π and ρ.
    /// </summary>
    public static WorkerConfusionModel[] FromMajorityVote(CrowdDataset data, double smoothing, int count)
    {
        var answersOf = new AnswerLists(data.Answers);
        var majority = new MajorityVote().Aggregate(data.Answers, data.Classes).Posteriors;
        return Enumerable.Range(0, count).Select(_ => new WorkerConfusionModel(answersOf, data.Answers.Workers, data.Classes, smoothing, majority)).ToArray();
    }

    public int Classes { get; }
    public int Workers { get; }
    public int Items => answersOf.Items;

    /// <summary>The current soft labels ρ, items x K.</summary>
    public double[,] Posteriors { get; }

    /// <summary>The ρ this model started from (items x K); never changed by EM.</summary>
    public double[,] InitialPosteriors { get; }

    /// <summary>Puts ρ back to <see cref="InitialPosteriors"/> and rebuilds the counts.</summary>
    public void Restart() => Reset(InitialPosteriors);

    /// <summary>Replaces every row of ρ and rebuilds the counts.</summary>
    public void Reset(double[,] posteriors)
    {
        foreach (var c in counts) Array.Clear(c);
        Array.Fill(stale, true);
        Array.Copy(posteriors, Posteriors, posteriors.Length);
        for (int i = 0; i < Items; i++) Recount(i, [], Row(i));
        RefreshConfusions();
    }

    /// <summary>Recomputes log π from the counts (the worker update, eq. 6), for the workers whose counts moved.</summary>
    public void RefreshConfusions()
    {
        for (int j = 0; j < Workers; j++)
        {
            if (!stale[j]) continue;
            Normalized(j, scratch);
            var log = logConfusions[j];
            for (int t = 0; t < Classes; t++)
                for (int l = 0; l < Classes; l++) log[l * Classes + t] = AggregationMath.SafeLog(scratch[t, l]);
            stale[j] = false;
        }
    }

    /// <summary>π^(j) for every worker, [true, answered]; a class a worker never saw gets a uniform row.</summary>
    public double[][,] Confusions() => Enumerable.Range(0, Workers).Select(j => Normalized(j, new double[Classes, Classes])).ToArray();

    /// <summary>π^(j) from worker <paramref name="j"/>'s counts, written into <paramref name="pi"/> (K x K) and returned.</summary>
    private double[,] Normalized(int j, double[,] pi)
    {
        Buffer.BlockCopy(counts[j], 0, pi, 0, counts[j].Length * sizeof(double));
        AggregationMath.NormalizeConfusionInPlace(pi, smoothing);
        return pi;
    }

    /// <summary>log Π_j π^(j)[k, y_ij] for the given items, row-major (items x K), from the last refresh.</summary>
    public float[] LogLikelihood(IReadOnlyList<long> items)
    {
        var result = new float[items.Count * Classes];
        Span<double> sums = Classes <= 256 ? stackalloc double[Classes] : new double[Classes];
        for (int r = 0; r < items.Count; r++)
        {
            int i = (int)items[r];
            ReadOnlySpan<int> workers = answersOf.Workers(i), labels = answersOf.Labels(i);
            // Answer by answer, every class at once: each class's sum still adds the answers in their order. The answer's
            // K terms are one row of the transposed log π, added a vector of classes at a time.
            sums.Clear();
            for (int a = 0; a < workers.Length; a++) AddTo(sums, logConfusions[workers[a]].AsSpan(labels[a] * Classes, Classes));
            for (int k = 0; k < sums.Length; k++) result[r * Classes + k] = (float)sums[k];
        }
        return result;
    }

    /// <summary>
    /// The E-step for the given items: ρ_i ∝ q_i · Π_j π^(j)[·, y_ij], with <paramref name="probabilities"/> q
    /// (items x K, row-major); returns the new rows without storing them.
    /// </summary>
    public float[] Infer(IReadOnlyList<long> items, float[] probabilities) => Posterior(LogLikelihood(items), probabilities);

    /// <summary>ρ_i ∝ q_i · exp(log-likelihood_i), row by row (items x K, row-major).</summary>
    private float[] Posterior(float[] logLikelihood, float[] probabilities)
    {
        int items = logLikelihood.Length / Classes;
        Span<double> scores = Classes <= 256 ? stackalloc double[Classes] : new double[Classes];
        var result = new float[items * Classes];
        for (int r = 0; r < items; r++)
        {
            for (int k = 0; k < Classes; k++)
                scores[k] = logLikelihood[r * Classes + k] + AggregationMath.SafeLog(probabilities[r * Classes + k]);
            AggregationMath.SoftmaxInPlace(scores);
            for (int k = 0; k < Classes; k++) result[r * Classes + k] = (float)scores[k];
        }
        return result;
    }

    /// <summary>Stores new rows of ρ for the given items (items x K, row-major); the counts follow at once.</summary>
    public void Commit(IReadOnlyList<long> items, float[] rows)
    {
        Span<double> old = Classes <= 256 ? stackalloc double[Classes] : new double[Classes];
        for (int r = 0; r < items.Count; r++)
        {
            int i = (int)items[r];
            var posterior = Row(i);
            posterior.CopyTo(old);
            for (int k = 0; k < Classes; k++) posterior[k] = rows[r * Classes + k];
            Recount(i, old, posterior);
        }
    }

    /// <summary>
    /// sums += terms, element by element (each element one addition, so vectors give the scalar floats). Not
    /// TensorPrimitives.Add: for rows of K = 10 its set-up made the E-step's likelihood about 70 % slower (perf samples of
    /// a music A-LFC bench, 2026-12-06).
    /// </summary>
    private static void AddTo(Span<double> sums, ReadOnlySpan<double> terms)
    {
        int k = 0;
        for (; k + Vector<double>.Count <= sums.Length; k += Vector<double>.Count)
            (new Vector<double>(sums[k..]) + new Vector<double>(terms[k..])).CopyTo(sums[k..]);
        for (; k < sums.Length; k++) sums[k] += terms[k];
    }

    /// <summary>
    /// Infer then commit: the E-step for the given items. Returns the log-likelihood it used,
    /// <see cref="LogLikelihood"/> of the items from the last refresh (the commit moves the counts, not log π).
    /// </summary>
    public float[] EStep(IReadOnlyList<long> items, float[] probabilities)
    {
        var logLikelihood = LogLikelihood(items);
        Commit(items, Posterior(logLikelihood, probabilities));
        return logLikelihood;
    }

    /// <summary>The current ρ rows of the given items, row-major.</summary>
    public float[] Rows(IReadOnlyList<long> items)
    {
        var result = new float[items.Count * Classes];
        for (int r = 0; r < items.Count; r++)
        {
            ReadOnlySpan<double> row = Row((int)items[r]);
            var into = result.AsSpan(r * Classes, Classes);
            for (int k = 0; k < into.Length; k++) into[k] = (float)row[k];
        }
        return result;
    }

    /// <summary>Row i of ρ, in place.</summary>
    private Span<double> Row(int i) => MemoryMarshal.CreateSpan(ref Posteriors[i, 0], Classes);

    /// <summary>
    /// Moves item i's answers in the counts from ρ_i = <paramref name="removed"/> (empty: the item is not counted yet) to
    /// ρ_i = <paramref name="added"/>, in one pass over its answers: each count takes its -removed term, then its +added
    /// term, the two additions it took when the old row was taken out in a pass of its own and the new one put in by
    /// another (an item has one answer per worker, so no count is touched twice in between).
    /// </summary>
    private void Recount(int i, ReadOnlySpan<double> removed, ReadOnlySpan<double> added)
    {
        ReadOnlySpan<int> workers = answersOf.Workers(i), labels = answersOf.Labels(i);
        for (int a = 0; a < workers.Length; a++)
        {
            stale[workers[a]] = true;
            var c = counts[workers[a]];
            for (int t = 0, at = labels[a]; t < added.Length; t++, at += Classes)
            {
                if (!removed.IsEmpty) c[at] += -removed[t];
                c[at] += added[t];
            }
        }
    }

    /// <summary>Each item's answers as (worker, label) lists in worker order, in two flat arrays (one allocation each, adjacent in memory).</summary>
    private sealed class AnswerLists
    {
        private readonly int[] first, workers, labels;

        public AnswerLists(AnswerMatrix answers)
        {
            Items = answers.Items;
            first = new int[Items + 1];
            var perItem = answers.AnswersPerItem();
            for (int i = 0; i < Items; i++) first[i + 1] = first[i] + perItem[i];
            (workers, labels) = (new int[first[Items]], new int[first[Items]]);
            int at = 0;
            // Triples come item by item, each item's in worker order.
            foreach (var (_, worker, label) in answers.Triples()) (workers[at], labels[at++]) = (worker, label);
        }

        public int Items { get; }

        /// <summary>The workers who answered item i, in order.</summary>
        public ReadOnlySpan<int> Workers(int i) => workers.AsSpan(first[i], first[i + 1] - first[i]);

        /// <summary>Their labels for item i, in the same order.</summary>
        public ReadOnlySpan<int> Labels(int i) => labels.AsSpan(first[i], first[i + 1] - first[i]);
    }
}
