using ALfc.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Data.Text;

/// <summary>
/// Truncated SVD by randomized range finding (Halko, Martinsson &amp; Tropp 2011, Alg. 4.4), as
/// scikit-learn's TruncatedSVD does for LSA: Q = orth((A Aᵀ)^q A Ω) with a seeded Gaussian Ω of
/// k + 10 columns, B = Qᵀ A, B = U Σ Vᵀ, components = the first k rows of Vᵀ. Each component's sign is
/// fixed so its largest-magnitude entry is positive, which makes the result reproducible.
/// Projections are X·componentsᵀ (= U Σ on the training rows).
/// </summary>
public sealed class TruncatedSvd
{
    private readonly float[] _components; // k x terms, row-major

    private TruncatedSvd(int k, int terms, float[] components)
    {
        Components = k;
        Terms = terms;
        _components = components;
    }

    public int Components { get; }
    public int Terms { get; }

    public static TruncatedSvd Fit(float[] documents, int rows, int terms, int k, int powerIterations = 4, long seed = 0)
    {
        using var a = tensor(documents, [rows, terms]);
        return Fit(a, k, powerIterations, seed);
    }

    /// <summary>The same fit on documents already in a CPU tensor (rows x terms), which it leaves as it is.</summary>
    public static TruncatedSvd Fit(Tensor a, int k, int powerIterations = 4, long seed = 0)
    {
        int rows = (int)a.shape[0], terms = (int)a.shape[1];
        k = Math.Min(k, Math.Min(rows, terms));
        using var scope = NewDisposeScope();
        int l = Math.Min(k + 10, Math.Min(rows, terms));
        using var generator = new Generator((ulong)seed);
        var omega = randn([terms, l], generator: generator);
        var q = linalg.qr(a.matmul(omega)).Q;
        for (int i = 0; i < powerIterations; i++)
        {
            // Re-orthonormalising between products keeps the small singular directions from vanishing in float32.
            var z = linalg.qr(a.t().matmul(q)).Q;
            q = linalg.qr(a.matmul(z)).Q;
        }
        var b = q.t().matmul(a);
        var (_, _, vh) = linalg.svd(b, fullMatrices: false);
        var components = vh.narrow(0, 0, k);
        var maxIndex = components.abs().argmax(1, keepdim: true);
        var signs = components.gather(1, maxIndex).sign();
        signs = where(signs.eq(LiveScalars.Zero), ones_like(signs), signs);
        components = (components * signs).contiguous();
        return new TruncatedSvd(k, terms, components.data<float>().ToArray());
    }

    /// <summary>Projects documents (rows x terms) to rows x k.</summary>
    public float[] Transform(float[] documents, int rows)
    {
        using var x = tensor(documents, [rows, Terms]);
        return Transform(x);
    }

    /// <summary>Projects documents already in a CPU tensor (rows x terms), which it leaves as it is, to rows x k.</summary>
    public float[] Transform(Tensor documents)
    {
        using var scope = NewDisposeScope();
        using var c = tensor(_components, [Components, Terms]);
        return documents.matmul(c.t()).contiguous().data<float>().ToArray();
    }
}
