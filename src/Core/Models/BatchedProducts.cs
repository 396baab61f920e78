using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The matrix products of fused repetitions (R replicas stacked along a first dimension), each giving every replica the
/// very floats of the stand-alone model's own operation: one batched <c>bmm</c> where that has been measured to match
/// for the shape, replica by replica otherwise. Whether bmm matches depends on the CPU and the shape: on this project's
/// AVX-512 machines it matched <c>Linear</c>'s forward for 64 rows of 124 inputs but not for 5 or 7 rows, nor for any
/// row count of 512 inputs; on an earlier machine it matched everywhere. So the answer is measured, not assumed: the
/// first time a shape is met, both forms run on three random draws laid out as the real operands are (fresh, 64-byte
/// aligned, the same strides), and bmm is used only if every float of every draw is bit-identical. Kernel choice depends
/// on the shape, strides, alignment, CPU and thread count, not on the values, so a shape that matched on random draws
/// matches on real data. The answers are cached for the process. The per-replica form hands each replica's operands
/// over 64-byte aligned, as a stand-alone model's are, since MKL rounded a misaligned block of rows differently.
/// </summary>
internal static class BatchedProducts
{
    /// <summary>The products fused training computes, with their operands' shapes per replica.</summary>
    internal enum Kind
    {
        /// <summary>Z = X Wᵀ + b (X: n x k, W: m x k, b: 1 x m): Linear's forward (addmm) against bmm(X, Wᵀ) plus b.</summary>
        Affine,

        /// <summary>A B (A: n x k, B: k x m): mm against bmm.</summary>
        Product,

        /// <summary>Aᵀ B (A: n x k, B: n x m), A transposed as a view: Linear's weight gradient, mm against bmm.</summary>
        TransposedLeft,

        /// <summary>A B written by addmm_(β = 0) into a fresh buffer, as Mlp's input gradient writes it, against bmm.</summary>
        ProductInto,
    }

    private const int Draws = 3;
    private static readonly ConcurrentDictionary<(Kind, long, long, long, long, DeviceType, int), bool> Answers = new();

    /// <summary>
    /// The product <paramref name="kind"/> of every replica of <paramref name="a"/> and <paramref name="b"/> (and the
    /// bias, for <see cref="Kind.Affine"/>: R x 1 x m), stacked: R x rows x columns.
    /// </summary>
    public static Tensor Compute(Kind kind, Tensor a, Tensor b, Tensor? bias = null)
    {
        long replicas = a.shape[0], m = kind == Kind.Affine ? b.shape[1] : b.shape[2];
        if (Match(kind, replicas, a.shape[1], a.shape[2], m, a.device)) return Batched(kind, a, b, bias);
        using var scope = NewDisposeScope();
        return stack(Enumerable.Range(0, (int)replicas).Select(r => Alone(kind, a[r], b[r], bias?[r])).ToArray(), 0)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Whether bmm over <paramref name="replicas"/> gives each replica the floats of its own product.</summary>
    public static bool Match(Kind kind, long replicas, long n, long k, long m, Device device) =>
        Answers.GetOrAdd((kind, replicas, n, k, m, device.type, get_num_threads()), _ => Probe(kind, replicas, n, k, m, device));

    private static Tensor Batched(Kind kind, Tensor a, Tensor b, Tensor? bias) => kind switch
    {
        Kind.Affine => bmm(a, b.transpose(1, 2)).add_(bias!, LiveScalars.One),
        Kind.TransposedLeft => bmm(a.transpose(1, 2), b),
        _ => bmm(a, b),
    };

    /// <summary>One replica's product, computed as the stand-alone model computes it, on aligned operands.</summary>
    private static Tensor Alone(Kind kind, Tensor a, Tensor b, Tensor? bias)
    {
        (a, b) = (TensorData.CpuAligned(a), TensorData.CpuAligned(b));
        return kind switch
        {
            Kind.Affine => nn.functional.linear(a, b, bias![0]),
            Kind.TransposedLeft => a.t().mm(b),
            Kind.ProductInto => empty(a.shape[0], b.shape[1], a.dtype, a.device).addmm_(a, b, beta: 0),
            _ => a.mm(b),
        };
    }

    private static bool Probe(Kind kind, long replicas, long n, long k, long m, Device device)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator(0x5eed);
        Tensor Draw(params long[] shape) => TensorData.ToDevice(rand(shape, generator: generator).mul_(LiveScalars.Of(2L)).sub_(LiveScalars.One), device);
        for (int draw = 0; draw < Draws; draw++)
        {
            var a = Draw(replicas, n, k);
            var b = kind switch
            {
                Kind.Affine => Draw(replicas, m, k),
                Kind.TransposedLeft => Draw(replicas, n, m),
                _ => Draw(replicas, k, m),
            };
            var bias = kind == Kind.Affine ? Draw(replicas, 1, m) : null;
            var batched = Batched(kind, a, b, bias);
            for (int r = 0; r < replicas; r++)
                if (TensorData.DifferingFloats(Alone(kind, a[r], b[r], bias?[r]), batched[r]) != 0) return false;
        }
        return true;
    }
}
