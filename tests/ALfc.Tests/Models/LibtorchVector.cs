using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ALfc.Tests.Models;

/// <summary>
/// How many floats libtorch's CPU kernels take per vector on this machine, where that is known: on x86-64 it picks its
/// AVX-512 kernels (16 floats) when the CPU has AVX-512 F, BW, VL and DQ, and its AVX2 ones (8) when it has AVX2 and FMA.
/// Rows shorter than that take the kernels' slow path, the one SmallSoftmax and SmallLogSoftmax reproduce.
/// </summary>
internal static class LibtorchVector
{
    /// <summary>16, 8, or null where the project does not know (not x86-64, or no AVX2 with FMA).</summary>
    public static int? FloatsPerVector =>
        RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Avx2.IsSupported || !Fma.IsSupported ? null
        : Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? 16
        : 8;
}
