using System.Runtime.InteropServices;

namespace ALfc.Core.Models;

/// <summary>
/// Gives the pages of libtorch's freed tensors back to the system. libtorch asks glibc for 64-byte-aligned blocks, and
/// glibc reuses freed aligned blocks of the same size poorly, so a loop that allocates fresh input-sized tensors keeps
/// extending the heap while the freed space stays resident. Evaluation calls malloc_trim(0) once it is done (it did after
/// each attack x eps cell until 2026-12-06, see <see cref="Evaluation.Evaluator.Evaluate"/>), which returns every free page,
/// including those in the middle of the heaps. The attacks themselves allocate nothing input-sized per step (they reuse
/// their buffers in place, see <see cref="Attacks.AttackBase"/>), which is what keeps both the resident size and the page
/// faults down between trims.
/// Measured on `alfc train --dataset sentiment --method gt --epochs 2` (1 thread; `/usr/bin/time -v`), every attack and eps:
/// <list type="bullet">
/// <item>2048-row chunks, fresh tensors per step, no trimming: 6.7 GB peak;</item>
/// <item>the same with glibc's mmap threshold fixed at 128 KiB (every large tensor mmapped): 0.82 GB, but 29 M page faults and 72 s;</item>
/// <item>the same with malloc_trim after each chunk: 1.14 GB and 50 s;</item>
/// <item>256-row chunks, buffers reused in place, malloc_trim after each cell: 0.55 GB, 0.42 M page faults, 17 s of evaluation;</item>
/// <item>the same on 2026-12-06: 500 MB, 0.19 M faults; with the thresholds of <see cref="KeepHeapsResident"/> and one
/// malloc_trim per evaluation (this): 507 MB, 0.11 M faults (on labelme 227 and 243 MB).</item>
/// </list>
/// </summary>
public static class NativeAllocator
{
    /// <summary>Blocks from this size up are mmapped by glibc, smaller ones come from its heaps (the largest it takes).</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>Free memory a heap keeps at its top before glibc gives it back on its own.</summary>
    public const int TrimThresholdBytes = 32 << 20;

    /// <summary>
    /// Fixes glibc's thresholds for a process that runs trials: blocks below <see cref="MmapThresholdBytes"/> come from
    /// the heaps, and a heap keeps up to <see cref="TrimThresholdBytes"/> free at its top instead of handing it back at
    /// every free. Why: glibc's defaults adjust themselves, process-wide (once a block is mmapped and freed, the mmap
    /// threshold becomes its size and the trim threshold twice that: about 0.3 and 0.6 MB after these models'
    /// activations), and a sweep slot runs its trial on a thread of its own, whose arena gives its top back with
    /// madvise(MADV_DONTNEED) whenever a step's temporaries leave more than that free; the next step faults every page
    /// in again, zeroed by the kernel. Measured on a sweep of ten fused music A-LFC repetitions (`alfc sweep --slots 1`,
    /// paper schedule, 200 epochs, 2026-12-06, thresholds set through GLIBC_TUNABLES): with glibc's defaults 3.7-4.5 s
    /// of training per repetition and 0.9-1.2 M page faults; with a 32 MiB mmap threshold and a trim threshold of 4 MiB
    /// 0.23 M faults, of 8 MiB or more 0.15 M and 2.1-2.8 s (the machine's noise). The bench saw 2.0 s
    /// either way, most likely because its matmul-peak probe frees 4 MiB blocks before any trial, which raises the
    /// process's thresholds to about 4 and 8 MiB (inferred, not measured on its own). What this keeps resident is
    /// bounded: each arena (at most eight per core) keeps at most <see cref="TrimThresholdBytes"/> free at its top, and evaluation still returns the free pages inside the heaps
    /// when it is done (<see cref="ReleaseFreePages"/>; malloc_trim leaves a thread arena's top alone, which the
    /// threshold bounds). Returns whether glibc took both values (false where the C library is not glibc). Setting them
    /// also turns glibc's self-adjustment off, which is the point.
    /// </summary>
    public static bool KeepHeapsResident() => SetThresholds(MmapThresholdBytes, TrimThresholdBytes);

    /// <summary>Sets glibc's mmap and trim thresholds (mallopt); true if it took both. Tests set others through it.</summary>
    internal static bool SetThresholds(int mmapBytes, int trimBytes) => OnGlibc(() =>
    {
        bool mmap = mallopt(MallocMmapThreshold, mmapBytes) == 1;
        bool trim = mallopt(MallocTrimThreshold, trimBytes) == 1;
        return mmap && trim;
    });

    // glibc's malloc.h.
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;

    /// <summary>Returns free heap pages to the system. A no-op where the C library is not glibc (macOS, Windows, musl).</summary>
    public static void ReleaseFreePages() => OnGlibc(() => malloc_trim(0) >= 0);

    /// <summary>Runs a call into glibc's allocator; false, once and for all, where the C library is not glibc.</summary>
    private static bool OnGlibc(Func<bool> call)
    {
        if (!OperatingSystem.IsLinux() || unavailable) return false;
        try
        {
            return call();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return false;
        }
    }

    private static volatile bool unavailable;

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
