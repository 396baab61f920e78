using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The one rule for how a process uses the machine's cores: every trainer slot runs libtorch with ONE intra-op
/// thread, and a node has one slot per core by default (one per device on CUDA). Why:
/// <list type="bullet">
/// <item>Throughput: two 1-thread slots did about 1.5x the work of one 2-thread slot on a real grid here, because
/// these small MLPs' matrix products do not split well over threads.</item>
/// <item>Reproducibility: intra-op threads change float summation order and so the numbers. With the thread count
/// fixed at one whatever the slot count, a trial's record is the same on a 1-slot node and a 4-slot node.</item>
/// <item>Contention: libtorch's thread pool spins while waiting for its workers; with another busy process on the
/// same cores that cost about 10x. A single thread never waits for a sibling.</item>
/// </list>
/// `--threads N` overrides the thread count (every slot of the process gets N), `--slots` the slot count.
/// Records made with another thread count can differ in the last digits from the default ones.
/// </summary>
public static class CpuParallelism
{
    /// <summary>libtorch intra-op threads per slot unless `--threads` says otherwise.</summary>
    public const int DefaultThreads = 1;

    /// <summary>Default slots for these devices: one per core on the CPU, one per listed GPU otherwise.</summary>
    public static int DefaultSlots(IReadOnlyList<Device>? devices) =>
        devices is { Count: > 0 } && devices.All(d => d.type != DeviceType.CPU) ? devices.Count : Environment.ProcessorCount;

    /// <summary>Most slots one process may run: each is a thread with its own model.</summary>
    public const int MaxSlots = 256;

    /// <summary>
    /// Checks a `--slots` value against [<paramref name="minimum"/>, <see cref="MaxSlots"/>]; null is the default for
    /// <paramref name="devices"/> (<see cref="DefaultSlots"/>). A sweep's coordinator may run with 0 slots, a node not.
    /// </summary>
    public static int Slots(int? requested, IReadOnlyList<Device>? devices, int minimum = 1, string option = "--slots") => requested switch
    {
        null => DefaultSlots(devices),
        { } n when n < minimum || n > MaxSlots => throw new AlfcInputException($"{option}: must be from {minimum} to {MaxSlots}, got {n}"),
        { } n => n,
    };

    /// <summary>Checks a `--threads` value (null = the default of one).</summary>
    public static int Threads(int? requested, string option = "--threads") => requested switch
    {
        null => DefaultThreads,
        < 1 => throw new AlfcInputException($"{option}: must be at least 1, got {requested}"),
        > 1024 => throw new AlfcInputException($"{option}: {requested} is more threads than any machine ALfc runs on (at most 1024)"),
        { } n => n,
    };

    private static volatile int threadsPerSlot = DefaultThreads;

    /// <summary>
    /// Applies the rule to this process, on the calling thread, before its first tensor, and remembers the thread count
    /// for <see cref="ApplyToThisThread"/>. It also fixes glibc's heap thresholds (<see cref="NativeAllocator.KeepHeapsResident"/>),
    /// since every process that applies the rule runs trials on threads of their own.
    /// </summary>
    public static void Apply(int threads)
    {
        threadsPerSlot = threads;
        set_num_threads(threads);
        NativeAllocator.KeepHeapsResident();
    }

    /// <summary>
    /// Applies the process's thread count (<see cref="Apply"/>; one by default) to the calling thread. Every thread that
    /// runs a trial must call it first: libtorch's set_num_threads sets MKL's thread count for the calling thread only
    /// (mkl_set_num_threads_local), and a thread that never called it runs MKL with one thread per core. Measured on 2
    /// cores, with set_num_threads(1) called on the main thread only: a 1024³ product ran at 93 GFLOP/s there and at 182
    /// on a new thread, which is what every sweep slot, each on a thread of its own, did before (two slots, four MKL
    /// threads on two cores). The products of these models gave the same bits either way (MKL splits their output, not
    /// their sums), so no record changed.
    /// </summary>
    public static void ApplyToThisThread() => set_num_threads(threadsPerSlot);

    /// <summary>How many threads MKL would use for a product started on the calling thread; null where MKL is not there to ask.</summary>
    public static int? MklThreads()
    {
        try
        {
            return mkl_get_max_threads();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // libtorch_cpu links MKL statically and exports its service functions; TorchSharp has already loaded it.
    [System.Runtime.InteropServices.DllImport("libtorch_cpu", EntryPoint = "mkl_get_max_threads")]
    private static extern int mkl_get_max_threads();
}
