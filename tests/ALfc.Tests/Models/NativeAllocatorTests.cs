using System.Runtime.InteropServices;
using ALfc.Core.Models;

namespace ALfc.Tests.Models;

/// <summary>Tests that read this thread's page faults, run alone so no other test's frees or trims land in between.</summary>
[CollectionDefinition("page faults", DisableParallelization = true)]
public sealed class PageFaultCollection;

/// <summary>
/// glibc's heap thresholds as a trial process fixes them (<see cref="NativeAllocator.KeepHeapsResident"/>). The test
/// process fixes them too: its module initializer applies <see cref="CpuParallelism.Apply"/>, as every executable does.
/// </summary>
[Collection("page faults")]
public sealed class NativeAllocatorTests
{
    // A training step's temporaries as a sweep slot sees them: activations of 640 x 128 floats (320 KiB), a few at once.
    private const int BlockBytes = 640 * 128 * sizeof(float);
    private const int BlocksPerStep = 4;
    private static readonly int PageBytes = Environment.SystemPageSize;
    private static readonly int PagesPerStep = BlocksPerStep * BlockBytes / PageBytes;

    [Fact]
    public void Glibc_takes_both_thresholds()
    {
        if (!IsGlibc()) return; // mallopt's thresholds are glibc's; elsewhere nothing is set and false is the answer
        Assert.True(NativeAllocator.KeepHeapsResident());
    }

    [Fact]
    public void A_trial_thread_reuses_its_heap_instead_of_faulting_it_in_every_step()
    {
        if (!IsGlibc()) return;
        // Start from the thresholds glibc had settled on in a sweep: once a 0.3 MB block had been mmapped and freed,
        // blocks of that size came from the heaps (mmap threshold about 0.3 MB; 1 MiB here) and a heap gave its top
        // back once more than twice that was free (0.6 MB). A step that frees four 320 KiB blocks leaves 1.25 MiB free
        // at the top of a fresh arena, which then went back to the system, and the next step faulted all of its pages
        // in again: run alone (a fresh process), this test counts 14,400 faults if KeepHeapsResident sets nothing. In
        // the whole suite's process the thread may get an arena that earlier tests left fragmented, whose free runs serve
        // the blocks without touching its top; so only the fixed case is asserted, which holds in any arena.
        Assert.True(NativeAllocator.SetThresholds(mmapBytes: 1 << 20, trimBytes: 640 << 10));
        Assert.True(NativeAllocator.KeepHeapsResident());
        long faults = OnNewThread(FaultsIn50Steps);
        Assert.True(faults < PagesPerStep, $"{faults} page faults in 50 steps of {PagesPerStep} pages each, kept resident");
    }

    private static long FaultsIn50Steps()
    {
        Steps(3); // the arena's first pages, and this code's own first run
        long before = ThreadPageFaults();
        Steps(50);
        return ThreadPageFaults() - before;
    }

    [Fact]
    public void Released_pages_still_go_back_to_the_system()
    {
        if (!IsGlibc()) return;
        Assert.True(NativeAllocator.KeepHeapsResident());
        // What bounds evaluation's memory: malloc_trim at the end of each evaluation returns the free pages inside the heaps
        // whatever the thresholds. Three blocks freed below a live one are such a free run: once released, using them again faults
        // their pages in again.
        long faults = OnNewThread(() =>
        {
            Steps(3);
            var blocks = Allocate(BlocksPerStep);
            for (int b = 0; b < BlocksPerStep - 1; b++) Marshal.FreeHGlobal(blocks[b]);
            NativeAllocator.ReleaseFreePages();
            long before = ThreadPageFaults();
            var again = Allocate(BlocksPerStep - 1);
            long after = ThreadPageFaults();
            foreach (var block in again.Append(blocks[^1])) Marshal.FreeHGlobal(block);
            return after - before;
        });
        int released = (BlocksPerStep - 1) * BlockBytes / PageBytes;
        Assert.True(faults >= released * 9 / 10, $"only {faults} page faults on {released} released pages");
    }

    /// <summary>Steps of a training loop: allocates a step's blocks, writes every page of each, frees them.</summary>
    private static void Steps(int count)
    {
        // One array for every step: a managed allocation per step could start a collection on this thread, whose own
        // page faults would count.
        var blocks = new IntPtr[BlocksPerStep];
        for (int s = 0; s < count; s++)
        {
            Allocate(blocks);
            foreach (var block in blocks) Marshal.FreeHGlobal(block);
        }
    }

    /// <summary><paramref name="count"/> blocks from malloc (AllocHGlobal on Unix), every page written.</summary>
    private static IntPtr[] Allocate(int count) => Allocate(new IntPtr[count]);

    private static IntPtr[] Allocate(IntPtr[] blocks)
    {
        for (int b = 0; b < blocks.Length; b++)
        {
            blocks[b] = Marshal.AllocHGlobal(BlockBytes);
            for (int offset = 0; offset < BlockBytes; offset += PageBytes) Marshal.WriteByte(blocks[b], offset, 1);
        }
        return blocks;
    }

    /// <summary>Whether the C library is glibc, whose mallopt thresholds these tests are about (musl's mallopt does nothing).</summary>
    private static bool IsGlibc()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return gnu_get_libc_version() != IntPtr.Zero;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc")]
    private static extern IntPtr gnu_get_libc_version();

    /// <summary>Runs <paramref name="work"/> on a thread of its own, as a sweep slot runs a trial, so it gets an arena of its own.</summary>
    private static long OnNewThread(Func<long> work)
    {
        long result = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return result;
    }

    /// <summary>Minor page faults of the calling thread (getrusage with RUSAGE_THREAD).</summary>
    private static long ThreadPageFaults()
    {
        Assert.Equal(0, getrusage(RusageThread, out var usage));
        return usage.MinorFaults;
    }

    private const int RusageThread = 1;

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs, ru_minflt the fifth.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedText, UnsharedData, UnsharedStack;
        public long MinorFaults, MajorFaults, Swaps, BlockInputs, BlockOutputs, MessagesSent, MessagesReceived, Signals,
            VoluntarySwitches, InvoluntarySwitches;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);
}
