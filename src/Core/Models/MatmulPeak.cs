using System.Diagnostics;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The machine's single-precision matrix-multiply rate with this process's threads: the best of repeated n x n x n
/// products (2n³ FLOPs each) over about <c>seconds</c>, both as libtorch's sgemm reaches it and as ALfc's own
/// <see cref="FmaGemm"/> (one thread, what the classifier's products run on) does; the peak is the better of the two.
/// `alfc bench` measures it in the same run as the trials, because this shared machine's speed varies from day to day,
/// and reports each trial's rate as a fraction of it.
/// </summary>
public static class MatmulPeak
{
    /// <summary>GFLOP/s of the best n x n product on the CPU: libtorch's, ALfc's kernel's, and the better of the two.</summary>
    public static (double Peak, double Libtorch, double Managed) Measure(int n = 1024, double seconds = 2)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var a = rand([n, n], generator: generator);
        var b = rand([n, n], generator: generator);
        double libtorch = Best(() => mm(a, b).Dispose(), n, seconds / 2);
        var (av, bv, cv) = (TensorData.Floats(a), TensorData.Floats(b), new float[n * n]);
        double managed = Best(() => FmaGemm.Multiply(av, false, bv, false, n, n, n, cv), n, seconds / 2);
        return (Math.Max(libtorch, managed), libtorch, managed);
    }

    private static double Best(Action product, int n, double seconds)
    {
        product(); // warm-up: the first product pays for lazy set-up (libtorch's, the JIT's)
        double best = double.PositiveInfinity;
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var one = Stopwatch.StartNew();
            product();
            best = Math.Min(best, one.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
