using System.Runtime.InteropServices;

namespace ALfc.Core.Models;

/// <summary>
/// Keeps glibc's heap from hoarding libtorch's freed tensor memory. glibc serves a block of at least the mmap
/// threshold with its own mmap and returns it on free, but by default it raises that threshold to the size of every
/// mmapped block it frees (up to 32 MiB). After the first few freed evaluation chunks (2048 rows x 1200 features,
/// about 10 MB each) every later chunk comes from the heap, whose free space fragments and is never given back: one
/// sentiment trial with every attack and eps peaked at 6.7 GB RSS, and at 0.8 GB with the threshold fixed at
/// 128 KiB (glibc's own starting value). Setting the threshold explicitly also switches the raising off.
/// Measured with `/usr/bin/time -v alfc train --dataset sentiment --method gt --epochs 2` (see the README).
/// </summary>
public static class NativeAllocator
{
    /// <summary>glibc's default initial mmap threshold; fixing it here turns off its dynamic raising.</summary>
    public const int MmapThresholdBytes = 128 * 1024;

    private const int MallocMmapThreshold = -3; // M_MMAP_THRESHOLD in <malloc.h>

    private static int applied;

    /// <summary>Fixes the threshold once per process. A no-op where the C library is not glibc (macOS, Windows, musl).</summary>
    public static void BoundFragmentation()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref applied, 1) == 1) return;
        try
        {
            mallopt(MallocMmapThreshold, MmapThresholdBytes);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator has no such threshold to fix.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
