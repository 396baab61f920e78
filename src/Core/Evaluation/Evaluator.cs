using System.Globalization;
using ALfc.Core.Attacks;
using ALfc.Core.Data;
using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Evaluation;

/// <summary>
/// Evaluates one trained model on the test set: clean accuracy, then for every attack x eps the accuracy
/// on inputs crafted white-box (on the model itself) and black-box (on the substitute, then fed to the
/// model). Every cell is measured on this one trained model, never by retraining. Attack random starts
/// come from a generator seeded by (seed, attack, eps), so a cell does not depend on which cells ran first.
/// </summary>
public static class Evaluator
{
    /// <summary>
    /// Rows attacked at a time. Small enough that a chunk's input-sized tensors (rows x features floats) stay in the
    /// cache and are reused from the heap rather than mapped fresh: measured on sentiment's 5661 x 1200 test set with one
    /// thread (PGD-10, eps 0.005), 2048 rows took 1830 ms, 512 rows 605 ms, 256 rows 554 ms and 128 rows 556 ms; MIM
    /// 2653 / 706 / 657 / 691 ms; on labelme 256 rows was within 10 % of the best of 32-2048 and music the same. Every row's
    /// adversarial input is the same whatever the chunk (the attacks sum per-row losses and the random start is one
    /// stream per cell), so this changes time, not numbers.
    /// </summary>
    internal const int Chunk = 256;

    /// <summary>
    /// The evaluation. With <paramref name="blackBoxInputs"/> (a cache and the substitute's <see cref="SubstituteCache"/>
    /// key, which together name a cell's file), each black-box cell reads its adversarial inputs back when an earlier trial
    /// of the repetition crafted them (<see cref="Transferred"/>); the numbers are the same either way.
    /// </summary>
    public static EvaluationResult Evaluate(Mlp model, Mlp? substitute, CrowdDataset data, EvaluationConfig config, long seed, CancellationToken cancellation,
        (BlackBoxInputCache Cache, string SubstituteKey)? blackBoxInputs = null)
    {
        using var x = TensorData.Features(data.TestFeatures, model.Device);
        using var y = TensorData.Labels(data.TestGold, model.Device);
        double clean = Accuracy(model, x, y);
        var epsilons = config.EpsilonsFor(data.Name);
        var white = new Dictionary<string, Dictionary<string, double>>();
        var black = new Dictionary<string, Dictionary<string, double>>();
        foreach (var name in config.Attacks)
        {
            if (config.WhiteBox) white[name] = new();
            if (config.BlackBox && substitute is not null) black[name] = new();
            foreach (var eps in epsilons)
            {
                cancellation.ThrowIfCancellationRequested();
                var attack = AttackCatalog.Create(name, eps, config.PgdRandomStart, config.Clamp);
                if (config.WhiteBox) white[name][TrialResult.EpsKey(eps)] = Robust(model, model, attack, x, y, seed);
                if (config.BlackBox && substitute is not null)
                    black[name][TrialResult.EpsKey(eps)] = blackBoxInputs is var (cache, substituteKey)
                        ? Transferred(substitute, model, attack, x, y, seed, cache,
                            BlackBoxInputCache.CellKey(substituteKey, data, attack, config.PgdRandomStart, config.Clamp, seed))
                        : Robust(substitute, model, attack, x, y, seed);
            }
        }
        // The trial's evaluation tensors are freed now; without this their pages may stay resident between trials (see
        // NativeAllocator). Once per evaluation, not after every attack x eps cell as before 2026-12-06: each call
        // madvises every free run in every arena, the other slots' too, whose next steps then fault those pages in
        // again. A sweep of music's six methods x 10 repetitions on two slots made 0.62 M madvise calls that way. With
        // 256-row chunks and buffers reused in place, one sentiment GT evaluation (every attack and eps, black box on)
        // peaked at 510 MB without trimming between cells against 495 MB with it.
        NativeAllocator.ReleaseFreePages();
        return new EvaluationResult(clean, white, black);
    }

    /// <summary>Accuracy of <paramref name="target"/> on inputs crafted against <paramref name="source"/>.</summary>
    public static double Robust(Mlp source, Mlp target, AttackBase attack, Tensor x, Tensor y, long seed) => Robust(source, target, attack, x, y, seed, null);

    /// <summary><see cref="Robust(Mlp, Mlp, AttackBase, Tensor, Tensor, long)"/>, handing each chunk's crafted inputs to <paramref name="crafted"/> as well.</summary>
    private static double Robust(Mlp source, Mlp target, AttackBase attack, Tensor x, Tensor y, long seed, Action<Tensor>? crafted)
    {
        using var generator = new Generator((ulong)Seeds.Derive(seed, $"attack/{attack.Name}/{TrialResult.EpsKey(attack.Epsilon)}"));
        long correct = 0;
        for (long start = 0; start < x.shape[0]; start += Chunk)
        {
            using (NewDisposeScope())
            {
                long length = Math.Min(Chunk, x.shape[0] - start);
                var xs = x.narrow(0, start, length);
                var ys = y.narrow(0, start, length);
                var adversarial = attack.Generate(source, xs, ys, generator);
                crafted?.Invoke(adversarial);
                correct += Correct(target, adversarial, ys);
            }
        }
        return x.shape[0] == 0 ? double.NaN : (double)correct / x.shape[0];
    }

    /// <summary>
    /// <see cref="Robust(Mlp, Mlp, AttackBase, Tensor, Tensor, long)"/> of <paramref name="target"/> against inputs crafted on <paramref name="substitute"/>, through
    /// <paramref name="cache"/>: the cell's inputs are read back, chunk by chunk, if its file is there whole; otherwise
    /// they are crafted as Robust crafts them (the same stream, the same chunks) and written for the repetition's next
    /// trial. A file that ends early counts as missing and the cell is crafted.
    /// </summary>
    internal static double Transferred(Mlp substitute, Mlp target, AttackBase attack, Tensor x, Tensor y, long seed, BlackBoxInputCache cache, string key)
    {
        long rows = x.shape[0], columns = x.shape[1];
        if (rows == 0) return double.NaN;
        using (var reader = cache.TryOpen(key, rows, columns))
            if (reader is not null && ReadBack(reader, target, x, y) is { } correctRead)
                return (double)correctRead / rows;
        using var writer = cache.Create(key, rows, columns);
        double accuracy = Robust(substitute, target, attack, x, y, seed, writer is null ? null
            : adversarial => writer.Append(TensorData.IsHostFloat32(adversarial) ? TensorData.HostFloats(adversarial) : TensorData.Floats(adversarial)));
        writer?.Commit();
        return accuracy;
    }

    /// <summary>How many of the cell's stored inputs <paramref name="target"/> classifies correctly; null if the file ended early.</summary>
    private static long? ReadBack(BlackBoxInputCache.Reader reader, Mlp target, Tensor x, Tensor y)
    {
        long rows = x.shape[0], columns = x.shape[1], correct = 0;
        for (long start = 0; start < rows; start += Chunk)
        {
            using (NewDisposeScope())
            {
                long length = Math.Min(Chunk, rows - start);
                var adversarial = empty(length, columns, ScalarType.Float32, device: CPU);
                if (!reader.Next(TensorData.HostFloats(adversarial))) return null;
                correct += Correct(target, TensorData.ToDevice(adversarial, x.device), y.narrow(0, start, length));
            }
        }
        return correct;
    }

    public static double Accuracy(Mlp model, Tensor x, Tensor y) =>
        x.shape[0] == 0 ? double.NaN : (double)Correct(model, x, y) / x.shape[0];

    private static long Correct(Mlp model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        return model.Probabilities(x).argmax(1).eq(y).sum().item<long>();
    }
}
