using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ALfc.Core.Models;

/// <summary>
/// The classifier's matrix products, in managed code, with one rounding rule on every CPU:
/// <para>C_ij = fma(A_i,k-1, B_k-1,j, ... fma(A_i1, B_1j, fma(A_i0, B_0j, c⁰_j))), c⁰ = the bias row or 0,</para>
/// one fused multiply-add per term, in the order of the inner index. Each entry of C is that one chain, whatever the
/// matrix sizes, the row it sits in, the operands' alignment, or how many other products run beside it, so:
/// <list type="bullet">
/// <item>a fused repetition's products are its products alone, bit for bit (the replicas of <see cref="MlpStack"/> are
/// products over slices of one tensor, computed as a stand-alone <see cref="Mlp"/> computes them);</item>
/// <item>the floats do not depend on the CPU: AVX-512 (16 lanes), AVX2 with FMA (8 lanes) and the scalar path
/// (<see cref="MathF.FusedMultiplyAdd"/>, exact in software where there is no FMA unit) all compute the same chains,
/// only more of them at once;</item>
/// <item>it is fast where libtorch's bundled MKL is not: on this project's AMD EPYCs MKL runs its AVX2 kernels
/// (MKL does not take its AVX-512 path on AMD), which on a Zen 5 core with full-width AVX-512 units left half the
/// multiply-add throughput unused. Measured on 2026-12-05 (one thread): 1024³ at 186 GFLOP/s against MKL's 91, and
/// 109-172 against 65-80 at the classifier's shapes (the README's "The classifier's products").</item>
/// </list>
/// How: C is computed in tiles of 8 rows x 32 columns, 16 vector accumulators; each inner step broadcasts one A value
/// per row against two 16-float rows of B. A and a row-major B are read where they lie; a transposed B (the forward's
/// Wᵀ) is first packed into panels of 16 columns, 8 x 8 blocks transposed in registers, and so is a last panel narrower
/// than 16 (zero beyond m); a last block of fewer than 8 rows is copied out with zeros below it. A B used for many
/// products (an attack's weights) can be packed once (<see cref="Packed"/>). Operands are contiguous row-major; either
/// may be read transposed. Single-threaded: a node's slots each run one trial on one core.
/// </summary>
internal static unsafe class FmaGemm
{
    private const int Rows = 8;
    private const int Panel = 16;
    private const int TileWidth = 2 * Panel;
    private const long DirectLimit = 256 * 1024;

    [ThreadStatic] private static float[]? packedA;
    [ThreadStatic] private static float[]? packedB;

    /// <summary>
    /// C (n x m, row-major, overwritten) = A B, started from <paramref name="bias"/> (m floats) when it is not empty.
    /// A is n x k: <paramref name="a"/> holds it row-major, or (<paramref name="transposeA"/>) holds Aᵀ (k x n)
    /// row-major. B is k x m: <paramref name="b"/> holds it row-major, or (<paramref name="transposeB"/>) holds Bᵀ
    /// (m x k) row-major.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB,
        int n, int k, int m, Span<float> c, ReadOnlySpan<float> bias = default)
    {
        CheckSizes(b.Length, k, m);
        CheckOperands(a.Length, c.Length, bias, n, k, m);
        if (n == 0 || m == 0) return;
        // A row-major B that fits in a core's L2 cache (the classifier's weights and activations) is read in place, all
        // but a last panel narrower than 16; a larger one, whose rows far apart defeat the prefetcher (1024 x 1024: 77
        // GFLOP/s in place against 178 packed), and a transposed one are packed whole.
        int panels = (m + Panel - 1) / Panel;
        int direct = transposeB || (long)k * m > DirectLimit ? 0 : m / Panel;
        var bPack = Buffer(ref packedB, (long)(panels - direct) * Panel * Math.Max(k, 1));
        fixed (float* pa = a, pb = b, pc = c, bpRaw = bPack)
        {
            // Packed panels start on a cache line, so no 64-byte load of them straddles two.
            float* bp = Aligned(bpRaw);
            PackB(pb, transposeB, k, m, direct, panels, bp);
            Run(pa, transposeA, pb, bp, direct, n, k, m, pc, bias);
        }
    }

    /// <summary>
    /// B (k x m) packed once into the panels the tiles read, for a product repeated with the same B: an attack's steps
    /// multiply by the same weights ten times, and packing a transposed B's columns costs a good part of a small product.
    /// <see cref="Multiply(ReadOnlySpan{float}, bool, Packed, int, Span{float}, ReadOnlySpan{float}, bool, ReadOnlySpan{float})"/> with it gives
    /// the floats of <see cref="Multiply(ReadOnlySpan{float}, bool, ReadOnlySpan{float}, bool, int, int, int, Span{float}, ReadOnlySpan{float})"/>
    /// with B itself: the same chains, read from another place.
    /// </summary>
    public sealed class Packed
    {
        private float[]? data;

        /// <summary>B's rows (the inner size of a product with it).</summary>
        public int K { get; private set; }

        /// <summary>B's columns.</summary>
        public int M { get; private set; }

        /// <summary>
        /// Packs B (k x m, or its transpose m x k row-major when <paramref name="transposeB"/>) into this, in place of
        /// what it held; the pinned buffer grows only for a B larger than any before it, so a reused Packed allocates
        /// nothing (a fresh 600 KB buffer per sentiment attack cost its training about a tenth in page faults).
        /// </summary>
        public void Fill(ReadOnlySpan<float> b, bool transposeB, int k, int m)
        {
            CheckSizes(b.Length, k, m);
            int panels = (m + Panel - 1) / Panel;
            var buffer = Buffer(ref data, (long)panels * Panel * Math.Max(k, 1));
            (K, M) = (k, m);
            fixed (float* pb = b, raw = buffer) PackB(pb, transposeB, k, m, 0, panels, Aligned(raw));
        }

        /// <summary>The pinned panels; <see cref="Aligned"/> of their address is the first.</summary>
        internal float[] Data => data ?? [];
    }

    /// <summary>Packs B (k x m, or its transpose m x k row-major when <paramref name="transposeB"/>) for repeated products.</summary>
    public static Packed Pack(ReadOnlySpan<float> b, bool transposeB, int k, int m)
    {
        var packed = new Packed();
        packed.Fill(b, transposeB, k, m);
        return packed;
    }

    /// <summary>
    /// C (n x m, overwritten) = A B from B packed by <see cref="Pack"/>, started from <paramref name="bias"/> when it is not
    /// empty; then, entry by entry as each tile of C is written (while it is in the core's L1 cache rather than in a pass
    /// of its own over C): with <paramref name="relu"/>, relu as <see cref="FrozenMlp.Relu(Span{float})"/> takes it
    /// (libtorch's clamp_min(c, 0)); with <paramref name="keepWherePositive"/> (n x m, laid out as C), c · 1[h &gt; 0], the
    /// ReLU mask of an attack's backward. The products are the same chains either way; the epilogue's floats are those of
    /// the separate pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, bool transposeA, Packed b, int n, Span<float> c, ReadOnlySpan<float> bias = default,
        bool relu = false, ReadOnlySpan<float> keepWherePositive = default)
    {
        int k = b.K, m = b.M;
        CheckOperands(a.Length, c.Length, bias, n, k, m);
        if (!keepWherePositive.IsEmpty && keepWherePositive.Length < (long)n * m)
            throw new ArgumentException($"the mask holds {keepWherePositive.Length} floats, not {n} x {m}", nameof(keepWherePositive));
        if (n == 0 || m == 0) return;
        fixed (float* pa = a, pc = c, raw = b.Data, pk = keepWherePositive)
            Run(pa, transposeA, null, Aligned(raw), 0, n, k, m, pc, bias, relu, keepWherePositive.IsEmpty ? null : pk);
    }

    /// <summary>Refuses a negative size, or a B of fewer than k x m floats.</summary>
    private static void CheckSizes(int bLength, int k, int m)
    {
        if (k < 0 || m < 0) throw new ArgumentOutOfRangeException(nameof(k), "negative matrix size");
        if (bLength < (long)k * m) throw new ArgumentException($"B holds {bLength} floats, not {k} x {m}", "b");
    }

    /// <summary>Refuses a negative n, or an A, C or bias too small for an n x k by k x m product.</summary>
    private static void CheckOperands(int aLength, int cLength, ReadOnlySpan<float> bias, int n, int k, int m)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), "negative matrix size");
        if (aLength < (long)n * k) throw new ArgumentException($"A holds {aLength} floats, not {n} x {k}", "a");
        if (cLength < (long)n * m) throw new ArgumentException($"C holds {cLength} floats, not {n} x {m}", "c");
        if (!bias.IsEmpty && bias.Length < m) throw new ArgumentException($"the bias holds {bias.Length} floats, not {m}", nameof(bias));
    }

    /// <summary>
    /// The tiles of C = A B: panels q &lt; <paramref name="direct"/> read from B itself (<paramref name="pb"/>), the rest
    /// from the packed panels at <paramref name="bp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(float* pa, bool transposeA, float* pb, float* bp, int direct, int n, int k, int m, float* pc, ReadOnlySpan<float> bias,
        bool relu = false, float* keep = null)
    {
        bool epilogue = relu || keep is not null;
        int panels = (m + Panel - 1) / Panel;
        var aPack = Buffer(ref packedA, (long)Rows * Math.Max(k, 1));
        int startLength = panels * Panel;
        Span<float> start = startLength <= 4096 ? stackalloc float[startLength] : new float[startLength];
        start.Clear();
        if (!bias.IsEmpty) bias[..m].CopyTo(start);
        Span<float> tile = stackalloc float[Rows * TileWidth];
        fixed (float* ps = start, pt = tile, apRaw = aPack)
        {
            float* ap = Aligned(apRaw);
            nint rowStride = transposeA ? 1 : k, innerStride = transposeA ? n : 1;
            for (int i0 = 0; i0 < n; i0 += Rows)
            {
                int rows = Math.Min(Rows, n - i0);
                float* block = pa + (transposeA ? i0 : (long)i0 * k);
                nint rs = rowStride, cs = innerStride;
                if (rows < Rows)
                {
                    PackA(pa, transposeA, n, k, i0, rows, ap);
                    block = ap;
                    rs = 1;
                    cs = Rows;
                }
                for (int q = 0; q < panels; q += 2)
                {
                    int width = Math.Min(TileWidth, m - q * Panel);
                    float* b0 = PanelStart(q, pb, bp, direct, k), b1 = q + 1 < panels ? PanelStart(q + 1, pb, bp, direct, k) : null;
                    nint stride = PanelStride(q, direct, m);
                    if (b1 is not null && PanelStride(q + 1, direct, m) != stride)
                    {
                        // Both panels of a tile are read with one stride: a direct panel beside a packed one goes alone.
                        Tile(block, rs, cs, b0, null, stride, k, ps + q * Panel, pt, TileWidth);
                        Tile(block, rs, cs, b1, null, Panel, k, ps + (q + 1) * Panel, pt + Panel, TileWidth);
                    }
                    else if (rows == Rows && width == TileWidth)
                    {
                        Tile(block, rs, cs, b0, b1, stride, k, ps + q * Panel, pc + (long)i0 * m + q * Panel, m);
                        if (epilogue) Epilogue(pc + (long)i0 * m + q * Panel, keep is null ? null : keep + (long)i0 * m + q * Panel, m, rows, width, relu);
                        continue;
                    }
                    else
                        Tile(block, rs, cs, b0, b1, stride, k, ps + q * Panel, pt, TileWidth);
                    for (int r = 0; r < rows; r++) CopyRow(pt + r * TileWidth, pc + (long)(i0 + r) * m + q * Panel, width);
                    if (epilogue) Epilogue(pc + (long)i0 * m + q * Panel, keep is null ? null : keep + (long)i0 * m + q * Panel, m, rows, width, relu);
                }
            }
        }
    }

    /// <summary>
    /// The epilogue of a tile of C just written (<paramref name="rows"/> x <paramref name="width"/>, rows
    /// <paramref name="ld"/> floats apart, as are the mask's): relu(c) = c &lt; 0 ? 0 : c (so -0 and NaN pass), then
    /// c · (h &gt; 0 ? 1 : 0) (a zero of c's sign, or NaN for an infinite c), lane by lane as one entry at a time.
    /// </summary>
    private static void Epilogue(float* c, float* keep, nint ld, int rows, int width, bool relu)
    {
        var (zero, one) = (Vector256<float>.Zero, Vector256<float>.One);
        for (int r = 0; r < rows; r++, c += ld, keep = keep is null ? null : keep + ld)
        {
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= width; j += 8)
                {
                    var v = Vector256.Load(c + j);
                    if (relu) v = Vector256.ConditionalSelect(Vector256.LessThan(v, zero), zero, v);
                    if (keep is not null) v *= Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(keep + j), zero), one, zero);
                    v.Store(c + j);
                }
            for (; j < width; j++)
            {
                float v = c[j];
                if (relu) v = v < 0 ? 0 : v;
                if (keep is not null) v *= keep[j] > 0 ? 1f : 0f;
                c[j] = v;
            }
        }
    }

    /// <summary>
    /// A partial tile's row (at most 32 floats) into C: 8 floats at a time, then one at a time. Why not a span copy: the
    /// classifier's logits (m = K = 10) are all partial tiles, and a call to copy 40 bytes cost more than the copy, once
    /// per row of every forward.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(float* source, float* destination, int width)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= width; j += 8) Vector256.Load(source + j).Store(destination + j);
        for (; j < width; j++) destination[j] = source[j];
    }

    /// <summary>Where panel <paramref name="q"/> of B starts: in B itself for the first <paramref name="direct"/>, else packed.</summary>
    private static float* PanelStart(int q, float* b, float* packed, int direct, int k) =>
        q < direct ? b + q * Panel : packed + (long)(q - direct) * Panel * k;

    /// <summary>How many floats apart a panel's k rows are: B's row length in B itself, 16 when packed.</summary>
    private static nint PanelStride(int q, int direct, int m) => q < direct ? m : Panel;

    /// <summary>
    /// One 8 x 32 tile of C (8 x 16 when <paramref name="b1"/> is null) into <paramref name="c"/>, rows
    /// <paramref name="ldc"/> floats apart. A's entry (r, p) is at a + r·rs + p·cs; B's panels have row p at b + p·bs.
    /// </summary>
    private static void Tile(float* a, nint rs, nint cs, float* b0, float* b1, nint bs, int k, float* start, float* c, nint ldc)
    {
        if (Avx512F.IsSupported)
        {
            Tile512(a, rs, cs, b0, b1, bs, k, start, c, ldc);
            return;
        }
        Tile256(a, rs, cs, b0, bs, k, start, c, ldc);
        if (b1 is not null) Tile256(a, rs, cs, b1, bs, k, start + Panel, c + Panel, ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(float* a, nint rs, nint cs, float* b0, float* b1, nint bs, int k, float* start, float* c, nint ldc)
    {
        nint o1 = rs, o2 = 2 * rs, o3 = 3 * rs, o4 = 4 * rs, o5 = 5 * rs, o6 = 6 * rs, o7 = 7 * rs;
        var s0 = Vector512.Load(start);
        var (c00, c10, c20, c30, c40, c50, c60, c70) = (s0, s0, s0, s0, s0, s0, s0, s0);
        if (b1 is null)
        {
            for (int p = 0; p < k; p++, a += cs, b0 += bs)
            {
                var v0 = Vector512.Load(b0);
                c00 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[0]), v0, c00);
                c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o1]), v0, c10);
                c20 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o2]), v0, c20);
                c30 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o3]), v0, c30);
                c40 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o4]), v0, c40);
                c50 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o5]), v0, c50);
                c60 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o6]), v0, c60);
                c70 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[o7]), v0, c70);
            }
            c00.Store(c); c10.Store(c + ldc); c20.Store(c + 2 * ldc); c30.Store(c + 3 * ldc);
            c40.Store(c + 4 * ldc); c50.Store(c + 5 * ldc); c60.Store(c + 6 * ldc); c70.Store(c + 7 * ldc);
            return;
        }
        var s1 = Vector512.Load(start + Panel);
        var (c01, c11, c21, c31, c41, c51, c61, c71) = (s1, s1, s1, s1, s1, s1, s1, s1);
        for (int p = 0; p < k; p++, a += cs, b0 += bs, b1 += bs)
        {
            var v0 = Vector512.Load(b0);
            var v1 = Vector512.Load(b1);
            var x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, v0, c00); c01 = Avx512F.FusedMultiplyAdd(x, v1, c01);
            x = Vector512.Create(a[o1]); c10 = Avx512F.FusedMultiplyAdd(x, v0, c10); c11 = Avx512F.FusedMultiplyAdd(x, v1, c11);
            x = Vector512.Create(a[o2]); c20 = Avx512F.FusedMultiplyAdd(x, v0, c20); c21 = Avx512F.FusedMultiplyAdd(x, v1, c21);
            x = Vector512.Create(a[o3]); c30 = Avx512F.FusedMultiplyAdd(x, v0, c30); c31 = Avx512F.FusedMultiplyAdd(x, v1, c31);
            x = Vector512.Create(a[o4]); c40 = Avx512F.FusedMultiplyAdd(x, v0, c40); c41 = Avx512F.FusedMultiplyAdd(x, v1, c41);
            x = Vector512.Create(a[o5]); c50 = Avx512F.FusedMultiplyAdd(x, v0, c50); c51 = Avx512F.FusedMultiplyAdd(x, v1, c51);
            x = Vector512.Create(a[o6]); c60 = Avx512F.FusedMultiplyAdd(x, v0, c60); c61 = Avx512F.FusedMultiplyAdd(x, v1, c61);
            x = Vector512.Create(a[o7]); c70 = Avx512F.FusedMultiplyAdd(x, v0, c70); c71 = Avx512F.FusedMultiplyAdd(x, v1, c71);
        }
        c00.Store(c); c01.Store(c + Panel); c += ldc; c10.Store(c); c11.Store(c + Panel); c += ldc;
        c20.Store(c); c21.Store(c + Panel); c += ldc; c30.Store(c); c31.Store(c + Panel); c += ldc;
        c40.Store(c); c41.Store(c + Panel); c += ldc; c50.Store(c); c51.Store(c + Panel); c += ldc;
        c60.Store(c); c61.Store(c + Panel); c += ldc; c70.Store(c); c71.Store(c + Panel);
    }

    /// <summary>8 x 16 without AVX-512: the same chains as <see cref="Tile512"/>, eight lanes at a time with FMA, else one entry at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(float* a, nint rs, nint cs, float* b, nint bs, int k, float* start, float* c, nint ldc)
    {
        if (!Fma.IsSupported)
        {
            TileScalar(a, rs, cs, b, bs, k, start, c, ldc);
            return;
        }
        nint o1 = rs, o2 = 2 * rs, o3 = 3 * rs, o4 = 4 * rs, o5 = 5 * rs, o6 = 6 * rs, o7 = 7 * rs;
        var (s0, s1) = (Vector256.Load(start), Vector256.Load(start + 8));
        var (c00, c10, c20, c30, c40, c50, c60, c70) = (s0, s0, s0, s0, s0, s0, s0, s0);
        var (c01, c11, c21, c31, c41, c51, c61, c71) = (s1, s1, s1, s1, s1, s1, s1, s1);
        for (int p = 0; p < k; p++, a += cs, b += bs)
        {
            var v0 = Vector256.Load(b);
            var v1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, v0, c00); c01 = Fma.MultiplyAdd(x, v1, c01);
            x = Vector256.Create(a[o1]); c10 = Fma.MultiplyAdd(x, v0, c10); c11 = Fma.MultiplyAdd(x, v1, c11);
            x = Vector256.Create(a[o2]); c20 = Fma.MultiplyAdd(x, v0, c20); c21 = Fma.MultiplyAdd(x, v1, c21);
            x = Vector256.Create(a[o3]); c30 = Fma.MultiplyAdd(x, v0, c30); c31 = Fma.MultiplyAdd(x, v1, c31);
            x = Vector256.Create(a[o4]); c40 = Fma.MultiplyAdd(x, v0, c40); c41 = Fma.MultiplyAdd(x, v1, c41);
            x = Vector256.Create(a[o5]); c50 = Fma.MultiplyAdd(x, v0, c50); c51 = Fma.MultiplyAdd(x, v1, c51);
            x = Vector256.Create(a[o6]); c60 = Fma.MultiplyAdd(x, v0, c60); c61 = Fma.MultiplyAdd(x, v1, c61);
            x = Vector256.Create(a[o7]); c70 = Fma.MultiplyAdd(x, v0, c70); c71 = Fma.MultiplyAdd(x, v1, c71);
        }
        c00.Store(c); c01.Store(c + 8); c += ldc; c10.Store(c); c11.Store(c + 8); c += ldc;
        c20.Store(c); c21.Store(c + 8); c += ldc; c30.Store(c); c31.Store(c + 8); c += ldc;
        c40.Store(c); c41.Store(c + 8); c += ldc; c50.Store(c); c51.Store(c + 8); c += ldc;
        c60.Store(c); c61.Store(c + 8); c += ldc; c70.Store(c); c71.Store(c + 8);
    }

    /// <summary>8 x 16, one entry at a time, with <see cref="MathF.FusedMultiplyAdd"/> (exact in software without an FMA unit).</summary>
    private static void TileScalar(float* a, nint rs, nint cs, float* b, nint bs, int k, float* start, float* c, nint ldc)
    {
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Panel; j++)
            {
                float s = start[j];
                for (int p = 0; p < k; p++) s = MathF.FusedMultiplyAdd(a[r * rs + p * cs], b[p * bs + j], s);
                c[r * ldc + j] = s;
            }
    }

    /// <summary>
    /// Panels <paramref name="first"/>.. of B (k x m) into <paramref name="packed"/>, each k x 16 row-major, zero beyond
    /// column m; a transposed B is transposed from its rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(float* b, bool transposed, int k, int m, int first, int panels, float* packed)
    {
        for (int panel = first; panel < panels; panel++)
        {
            int j0 = panel * Panel, width = Math.Min(Panel, m - j0);
            float* dst = packed + (long)(panel - first) * Panel * k;
            if (!transposed)
            {
                if (width == Panel && Vector256.IsHardwareAccelerated)
                {
                    // A full panel's row is two vectors: a call to copy 64 bytes cost more than the copy (an attack packs
                    // W₁'s 128 x 8 panel rows per replica at every training step).
                    for (int p = 0; p < k; p++)
                    {
                        float* source = b + (long)p * m + j0, row = dst + p * Panel;
                        Vector256.Load(source).Store(row);
                        Vector256.Load(source + 8).Store(row + 8);
                    }
                    continue;
                }
                for (int p = 0; p < k; p++)
                {
                    float* row = dst + p * Panel;
                    new ReadOnlySpan<float>(b + (long)p * m + j0, width).CopyTo(new Span<float>(row, width));
                    for (int j = width; j < Panel; j++) row[j] = 0;
                }
                continue;
            }
            float* src = b + (long)j0 * k;
            int p0 = 0;
            if (Avx.IsSupported && width == Panel)
            {
                // 8 x 8 blocks of Bᵀ transposed in registers (rows j0.., j0 + 8.. into the panel's two halves): loads and
                // shuffles only. With AVX2 gathers instead, an 8-row product with a 124 x 128 Wᵀ ran at 77 GFLOP/s; with
                // this, 92 (2026-12-06), the packing being most of such a product's time.
                for (; p0 + 8 <= k; p0 += 8)
                {
                    Transpose8(src + p0, k, dst + p0 * Panel, Panel);
                    Transpose8(src + 8L * k + p0, k, dst + p0 * Panel + 8, Panel);
                }
            }
            for (int p = p0; p < k; p++)
            {
                float* row = dst + p * Panel;
                for (int j = 0; j < width; j++) row[j] = src[(long)j * k + p];
                for (int j = width; j < Panel; j++) row[j] = 0;
            }
        }
    }

    /// <summary>
    /// The 8 x 8 block of floats at <paramref name="src"/> (rows <paramref name="srcStride"/> apart) transposed to
    /// <paramref name="dst"/> (rows <paramref name="dstStride"/> apart): interleave pairs of rows, then pairs of pairs, then
    /// swap 128-bit halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Vector256.Load(src); var r1 = Vector256.Load(src + srcStride);
        var r2 = Vector256.Load(src + 2 * srcStride); var r3 = Vector256.Load(src + 3 * srcStride);
        var r4 = Vector256.Load(src + 4 * srcStride); var r5 = Vector256.Load(src + 5 * srcStride);
        var r6 = Vector256.Load(src + 6 * srcStride); var r7 = Vector256.Load(src + 7 * srcStride);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).Store(dst); Avx.Permute2x128(s1, s5, 0x20).Store(dst + dstStride);
        Avx.Permute2x128(s2, s6, 0x20).Store(dst + 2 * dstStride); Avx.Permute2x128(s3, s7, 0x20).Store(dst + 3 * dstStride);
        Avx.Permute2x128(s0, s4, 0x31).Store(dst + 4 * dstStride); Avx.Permute2x128(s1, s5, 0x31).Store(dst + 5 * dstStride);
        Avx.Permute2x128(s2, s6, 0x31).Store(dst + 6 * dstStride); Avx.Permute2x128(s3, s7, 0x31).Store(dst + 7 * dstStride);
    }

    /// <summary>Rows i0..i0+rows-1 of A (n x k) as k groups of 8, zero below row n: a last block of fewer than 8 rows.</summary>
    private static void PackA(float* a, bool transposed, int n, int k, int i0, int rows, float* packed)
    {
        for (int p = 0; p < k; p++)
        {
            float* dst = packed + p * Rows;
            for (int r = 0; r < rows; r++) dst[r] = transposed ? a[(long)p * n + i0 + r] : a[(long)(i0 + r) * k + p];
            for (int r = rows; r < Rows; r++) dst[r] = 0;
        }
    }

    /// <summary>
    /// A pinned buffer of at least <paramref name="length"/> floats from a 64-byte boundary on (see <see cref="Aligned"/>),
    /// kept in <paramref name="buffer"/> and grown only: a thread's own, or a <see cref="Packed"/>'s.
    /// </summary>
    private static float[] Buffer(ref float[]? buffer, long length)
    {
        length += 16;
        if (length > Array.MaxLength) throw new ArgumentException($"a packed operand of {length} floats");
        if (buffer is null || buffer.Length < length) buffer = GC.AllocateUninitializedArray<float>((int)Math.Max(length, 1024), pinned: true);
        return buffer;
    }

    private static float* Aligned(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
