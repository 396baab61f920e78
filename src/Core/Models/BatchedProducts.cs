using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// Decides, per product shape, whether one batched <c>bmm</c> over R replicas gives every replica the very floats of the
/// stand-alone model's own product, so that fused repetitions may use it. Whether it does depends on the CPU and the
/// shape: on this project's AVX-512 machines bmm matched <c>Linear</c>'s forward for 64 rows of 124 inputs but not for 5
/// or 7 rows, nor for any row count of 512 inputs, and never matched the weight gradient of a 10-class output layer;
/// on an earlier machine it matched everywhere. So the answer is measured, not assumed: the first time a shape is met,
/// both forms run on three random draws laid out as the real operands are (fresh, 64-byte aligned, the same strides),
/// and bmm is used only if every float of every draw is bit-identical; otherwise the caller computes replica by
/// replica. Kernel choice depends on the shape, strides, alignment, CPU and thread count, not on the values, so a
/// shape that matched on random draws matches on real data. The answers are cached for the process.
/// </summary>
internal static class BatchedProducts
{
    /// <summary>The products fused training computes.</summary>
    internal enum Kind
    {
        /// <summary>Z = X Wᵀ + b (X: n x k, W: m x k, b: m): Linear's forward (addmm) against bmm(X, Wᵀ) plus b.</summary>
        Affine,

        /// <summary>A B (A: n x k, B: k x m): mm against bmm.</summary>
        Product,

        /// <summary>Aᵀ B (A: n x k, B: n x m), A transposed as a view: Linear's weight gradient, mm against bmm.</summary>
        TransposedLeft,

        /// <summary>A B written by addmm_(β = 0) into a buffer, as Mlp's input gradient writes it, against bmm.</summary>
        ProductInto,
    }

    private const int Draws = 3;
    private static readonly ConcurrentDictionary<(Kind, long, long, long, long, DeviceType, int), bool> Answers = new();

    /// <summary>Whether bmm over <paramref name="replicas"/> gives each replica the floats of its own product.</summary>
    public static bool Match(Kind kind, long replicas, long n, long k, long m, Device device) =>
        Answers.GetOrAdd((kind, replicas, n, k, m, device.type, get_num_threads()), _ => Probe(kind, replicas, n, k, m, device));

    private static bool Probe(Kind kind, long replicas, long n, long k, long m, Device device)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator(0x5eed);
        Tensor Draw(params long[] shape) => TensorData.ToDevice(rand(shape, generator: generator).mul_(2).sub_(1), device);
        for (int draw = 0; draw < Draws; draw++)
        {
            Tensor batched;
            Func<int, Tensor> alone;
            switch (kind)
            {
                case Kind.Affine:
                {
                    var (x, w, b) = (Draw(replicas, n, k), Draw(replicas, m, k), Draw(replicas, 1, m));
                    batched = bmm(x, w.transpose(1, 2)).add_(b);
                    alone = r => nn.functional.linear(x[r].clone(), w[r].clone(), b[r][0].clone());
                    break;
                }
                case Kind.Product:
                {
                    var (a, bb) = (Draw(replicas, n, k), Draw(replicas, k, m));
                    batched = bmm(a, bb);
                    alone = r => a[r].clone().mm(bb[r].clone());
                    break;
                }
                case Kind.TransposedLeft:
                {
                    var (a, bb) = (Draw(replicas, n, k), Draw(replicas, n, m));
                    batched = bmm(a.transpose(1, 2), bb);
                    alone = r => a[r].clone().t().mm(bb[r].clone());
                    break;
                }
                default:
                {
                    var (a, bb) = (Draw(replicas, n, k), Draw(replicas, k, m));
                    batched = bmm(a, bb);
                    alone = r => empty(n, m, a.dtype, a.device).addmm_(a[r].clone(), bb[r].clone(), beta: 0);
                    break;
                }
            }
            for (int r = 0; r < replicas; r++)
            {
                var expected = TensorData.Floats(alone(r));
                var actual = TensorData.Floats(batched[r]);
                for (int i = 0; i < expected.Length; i++)
                    if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) return false;
            }
        }
        return true;
    }
}
