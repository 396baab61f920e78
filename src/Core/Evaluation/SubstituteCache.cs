using System.Security.Cryptography;
using System.Text;
using ALfc.Core.Data;
using ALfc.Core.Models;
using ALfc.Core.Training;
using static TorchSharp.torch;

namespace ALfc.Core.Evaluation;

/// <summary>
/// The trained black-box substitutes of this process, by content: the substitute depends only on the training
/// features and answers, what majority-vote training reads from the config (epochs, batch size, learning rate, Adam's
/// eps, the model shape), its seed and the device. Every method and alpha of a repetition shares it, so a node trains
/// it once per repetition instead of once per trial (16 trials per dataset and repetition in the `paper` preset).
/// A hit rebuilds the model from the stored weights: bit-identical to retraining, because training is deterministic
/// for a seed on one device and thread count (<see cref="CpuParallelism"/>), and the substitute is only ever used in
/// eval mode, where its dropout stream's state does not matter. An entry is only the weights (music 17 KB,
/// sentiment 154 KB, labelme 67 KB, or 1 MB with the 8192-column features), never the adversarial inputs. Least recently used entries go first once the
/// entries exceed the byte budget.
/// </summary>
public sealed class SubstituteCache(long maxBytes)
{
    /// <summary>
    /// The process's cache, shared by a node's slots. 128 MB holds every repetition's substitute of the `paper` preset
    /// (at most 50 repetitions x (17 KB + 1 MB + 154 KB) = 59 MB), so a repetition's trials find it however far apart the
    /// cluster hands them to this node (a grid lists a repetition's trials together, but a trial given back after a lost
    /// node or a failure runs later).
    /// </summary>
    public static SubstituteCache Shared { get; } = new(maxBytes: 128L << 20);

    private readonly Lock gate = new();
    private readonly LinkedList<(string Key, float[][] Weights)> entries = new(); // most recently used first
    private readonly Dictionary<string, LinkedListNode<(string Key, float[][] Weights)>> index = [];

    private long bytes;

    public int Count
    {
        get { lock (gate) return entries.Count; }
    }

    /// <summary>Forgets every substitute (the bench does, so that a second timing pass pays for them as the first did).</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            index.Clear();
            bytes = 0;
        }
    }

    /// <summary>The substitute for this key: rebuilt from the cache, or trained by <paramref name="train"/> and stored.</summary>
    public Mlp GetOrTrain(CrowdDataset data, TrainingConfig config, long seed, Device device, Func<Mlp> train)
    {
        var key = Key(data, config, seed, device);
        float[][]? weights = null;
        lock (gate)
        {
            if (index.TryGetValue(key, out var node))
            {
                entries.Remove(node);
                entries.AddFirst(node);
                weights = node.Value.Weights;
            }
        }
        if (weights is not null) return Restore(data, config, seed, device, weights);

        var model = train();
        float[][] stored;
        using (NewDisposeScope()) stored = model.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();
        lock (gate)
        {
            // Two slots may have trained the same substitute side by side; keep one copy.
            if (!index.ContainsKey(key))
            {
                index[key] = entries.AddFirst((key, stored));
                bytes += Size(stored);
            }
            while (bytes > maxBytes && entries.Last is { } oldest)
            {
                bytes -= Size(oldest.Value.Weights);
                index.Remove(oldest.Value.Key);
                entries.RemoveLast();
            }
        }
        return model;
    }

    private static long Size(float[][] weights) => weights.Sum(w => (long)w.Length * sizeof(float));

    private static Mlp Restore(CrowdDataset data, TrainingConfig config, long seed, Device device, float[][] weights)
    {
        var model = new Mlp(data.Features, data.Classes, config.Model, seed, device);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int i = 0;
        foreach (var parameter in model.parameters())
            parameter.copy_(tensor(weights[i++], parameter.shape).to(device));
        return model;
    }

    /// <summary>SHA-256 over the dataset's content and every input of majority-vote training.</summary>
    internal static string Key(CrowdDataset data, TrainingConfig config, long seed, Device device)
    {
        var fingerprint = DatasetFingerprints.Training(data);
        var text = FormattableString.Invariant(
            $"{fingerprint}|{config.Epochs}|{config.BatchSize}|{config.LearningRate:R}|{config.AdamEpsilon:R}|{config.Model.Hidden}|{config.Model.DropoutRate:R}|{seed}|{ComputeDevice.Name(device)}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
