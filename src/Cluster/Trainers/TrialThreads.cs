using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ALfc.Core.Models;

namespace ALfc.Cluster.Trainers;

/// <summary>
/// The trial threads of this process, so that shutdown can wait for them. A trial runs libtorch on a thread of its own;
/// stopping its trainer only cancels it. If the process exits while that thread is still inside libtorch, the exit's
/// static destructors free libtorch's state under it, and the thread segfaults (the crash seen on a trainer thread,
/// ".NET Long Running", while sweeps were stopped with SIGTERM). So every way out of a process that ran trials goes
/// through <see cref="Drain"/>: it waits a bounded time for the threads to observe their cancellation (a training or
/// attack step, well under a second) and, if one never does (a long uncancellable computation), ends the process
/// without running those destructors at all.
/// </summary>
public static class TrialThreads
{
    private static readonly ConcurrentDictionary<Task, byte> Running = new();

    /// <summary>How long shutdown waits for trial threads to notice they were cancelled.</summary>
    public static TimeSpan DrainTimeout { get; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long an executable lets its command run on after SIGTERM or Ctrl-C. System.CommandLine cancels the command
    /// and, by default, returns after 2 s whatever it is doing, so the process would exit under a trial thread still
    /// inside libtorch; this leaves time for the shutdown to wait for those threads (<see cref="DrainTimeout"/>) and
    /// for Akka to leave the cluster.
    /// </summary>
    public static TimeSpan ProcessTerminationTimeout { get; } = DrainTimeout + TimeSpan.FromSeconds(25);

    /// <summary>Trial threads still running.</summary>
    public static int Count => Running.Count;

    /// <summary>Starts <paramref name="body"/> on a dedicated thread and tracks it until it ends.</summary>
    public static Task<T> Start<T>(Func<T> body, CancellationToken cancellation)
    {
        // A dedicated thread: dispose scopes are per thread and a trial runs minutes; the pool must stay free for Akka.
        // The process's libtorch thread count is per thread for MKL, so each trial thread applies it first (CpuParallelism).
        var task = Task.Factory.StartNew(() =>
        {
            CpuParallelism.ApplyToThisThread();
            return body();
        }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Running.TryAdd(task, 0);
        task.ContinueWith(t => Running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every trial thread to end; true if they all did.</summary>
    public static async Task<bool> WaitAll(TimeSpan timeout)
    {
        var all = Task.WhenAll(Running.Keys);
        return await Task.WhenAny(all, Task.Delay(timeout)) == all;
    }

    /// <summary>
    /// Waits for the trial threads (<see cref="DrainTimeout"/>); if one is still running after that, flushes the console
    /// and ends the process at once with <paramref name="exitCode"/>, skipping the native exit handlers that would pull
    /// libtorch from under it. Returns when every thread has ended.
    /// </summary>
    public static async Task Drain(int exitCode, Action<string>? say = null)
    {
        if (Running.IsEmpty || await WaitAll(DrainTimeout)) return;
        say?.Invoke($"{Running.Count} trial thread(s) did not stop within {DrainTimeout.TotalSeconds:0} s; exiting without waiting for them");
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) ExitNow(exitCode);
        Environment.Exit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);
}
