using System.Diagnostics;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The machine's single-precision matrix-multiply rate as libtorch reaches it with this process's threads: the best of
/// repeated n x n x n products (2n³ FLOPs each) over about <c>seconds</c>. `alfc bench` measures it in the same run as
/// the trials, because this shared machine's speed varies from day to day, and reports each trial's rate as a
/// fraction of it.
/// </summary>
public static class MatmulPeak
{
    /// <summary>GFLOP/s of the best n x n product on the CPU.</summary>
    public static double Measure(int n = 1024, double seconds = 2)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var a = rand([n, n], generator: generator);
        var b = rand([n, n], generator: generator);
        mm(a, b).Dispose(); // warm-up: the first product pays for libtorch's lazy set-up
        double best = double.PositiveInfinity;
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var one = Stopwatch.StartNew();
            mm(a, b).Dispose();
            best = Math.Min(best, one.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
