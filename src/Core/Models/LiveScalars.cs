using System.Collections.Concurrent;
using TorchSharp;

namespace ALfc.Core.Models;

/// <summary>
/// The <see cref="Scalar"/>s ALfc hands to libtorch: one per value, made once and kept for the life of the process.
/// <para>Why not TorchSharp's implicit conversions (<c>t.mul_(2.0)</c>, <c>t.clamp_(-eps, eps)</c>, and the alpha = 1
/// that <c>t.add_(u)</c> and <c>t + u</c> pass): TorchSharp 0.107 passes a Scalar's native handle to libtorch without
/// keeping the managed Scalar alive during the call (it is not a SafeHandle, and no <c>GC.KeepAlive</c> follows the
/// call). A Scalar made on the fly is garbage as soon as its handle is read, so a collection started by another thread,
/// such as the node's other slot, may run its finalizer, which frees the native value, while libtorch still reads it.
/// A QA run saw it once in eight mixed sweeps (2026-12-05): every repetition of a fused A-LFC unit failed with "For
/// integral input tensors, argument alpha must not be a floating point number", the freed alpha of an Int64 index sum
/// read back with another tag. Read back as another number of the right kind, it would have changed a record without a
/// word. A Scalar held here is reachable from a static field, so it is never finalized, and reading it from several
/// threads at once is safe (libtorch only reads it).</para>
/// <para>The cached values are settings (eps, steps, dropout, α, Adam's β's) and small integers, so the cache stays small;
/// a value that changes every step (Adam's bias corrections on a GPU) goes through <see cref="Scoped"/> instead.
/// <c>ScalarLifetimeTests</c> reads Core's IL and fails if any other code makes a Scalar or calls a TorchSharp method
/// that makes one.</para>
/// </summary>
public static class LiveScalars
{
    // Keyed by the bits, not the value: 0.0 and -0.0 compare equal but are different Scalars.
    private static readonly ConcurrentDictionary<long, Scalar> Floating = new();
    private static readonly ConcurrentDictionary<long, Scalar> Integral = new();

    /// <summary>The floating-point Scalar <paramref name="value"/> (libtorch's double tag, as an implicit conversion makes).</summary>
    public static Scalar Of(double value) => Floating.GetOrAdd(BitConverter.DoubleToInt64Bits(value), static bits => BitConverter.Int64BitsToDouble(bits).ToScalar());

    /// <summary>The integral Scalar <paramref name="value"/> (libtorch's int64 tag, as an implicit conversion of an int makes).</summary>
    public static Scalar Of(long value) => Integral.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>The integral 0, for comparisons and clamps of integer tensors.</summary>
    public static Scalar Zero => Of(0L);

    /// <summary>The integral 1: the alpha of a plain sum, and what TorchSharp's own <c>add(t)</c> passes.</summary>
    public static Scalar One => Of(1L);

    /// <summary>
    /// A Scalar for a value used once; the caller disposes it after the call (<c>using var s = LiveScalars.Scoped(x)</c>),
    /// and that Dispose is what keeps it alive until then.
    /// </summary>
    public static Scalar Scoped(double value) => value.ToScalar();
}
