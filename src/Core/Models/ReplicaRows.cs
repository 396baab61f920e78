using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The layout of a fused run's tensors (<see cref="MlpStack"/>): replica-major rows, R·n x F, replica r's n rows from row
/// r·n. These build such tensors from per-replica host data, split them back, and repeat or concatenate them replica by
/// replica. With one replica each is the plain single-model tensor.
/// </summary>
public static class ReplicaRows
{
    /// <summary>One items x K matrix per replica, replica-major: R·items x K.</summary>
    public static Tensor Stack(IReadOnlyList<double[,]> perReplica, Device device)
    {
        int n = perReplica[0].GetLength(0), k = perReplica[0].GetLength(1);
        var values = new float[perReplica.Count * n * k];
        for (int r = 0; r < perReplica.Count; r++)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < k; c++) values[(r * n + i) * k + c] = (float)perReplica[r][i, c];
        return tensor(values, [perReplica.Count * n, k], device: device);
    }

    /// <summary>One row-major rows x <paramref name="columns"/> block per replica, replica-major: R·rows x columns.</summary>
    public static Tensor Stack(IReadOnlyList<float[]> perReplica, int columns, Device device) =>
        TensorData.Rows(perReplica.Count == 1 ? perReplica[0] : perReplica.SelectMany(v => v).ToArray(), columns, device);

    /// <summary>Replica-major rows read back as one row-major float block per replica.</summary>
    public static float[][] Floats(Tensor rows, int replicas)
    {
        var all = TensorData.Floats(rows);
        if (replicas == 1) return [all];
        int size = all.Length / replicas;
        return Enumerable.Range(0, replicas).Select(i => all.AsSpan(i * size, size).ToArray()).ToArray();
    }

    /// <summary><paramref name="x"/> (items x F) once per replica, replica-major: R·items x F, always a copy (the caller may write it, and disposes it).</summary>
    public static Tensor Repeat(Tensor x, int replicas) => replicas == 1 ? x.clone() : x.repeat(replicas, 1);

    /// <summary>
    /// Replica-major rows of <paramref name="a"/> then <paramref name="b"/> for each replica (R·(n_a + n_b) x F): each
    /// replica's block of a followed by its block of b.
    /// </summary>
    public static Tensor Concat(Tensor a, Tensor b, int replicas)
    {
        if (replicas == 1) return cat([a, b], 0);
        using var scope = NewDisposeScope();
        long width = a.size(1);
        return cat([a.view(replicas, -1, width), b.view(replicas, -1, b.size(1))], 1).view(-1, width).MoveToOuterDisposeScope();
    }
}
