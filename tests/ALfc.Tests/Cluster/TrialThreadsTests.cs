using ALfc.Cluster.Trainers;
using ALfc.Core.Models;

namespace ALfc.Tests.Cluster;

/// <summary>
/// The one-thread rule on the threads that really run trials. libtorch's set_num_threads sets MKL's thread count for
/// the calling thread only, so a rule applied on the main thread alone left every sweep slot, each on a thread of its
/// own, running MKL with a thread per core: on this project's 2-core machines, two slots ran four MKL threads.
/// </summary>
public class TrialThreadsTests
{
    [Fact]
    public async Task A_trial_thread_runs_mkl_with_the_process_thread_count()
    {
        Assert.NotNull(CpuParallelism.MklThreads()); // every libtorch build ALfc uses links MKL
        // The test process applied the default of one thread (TorchThreads) on the thread that loaded it, not on this one.
        Assert.Equal(1, await TrialThreads.Start(() => CpuParallelism.MklThreads(), CancellationToken.None));
    }

    [Fact]
    public async Task A_thread_that_applies_the_rule_gets_it_and_a_thread_that_does_not_may_not()
    {
        Assert.NotNull(CpuParallelism.MklThreads());
        // MKL's own default is one thread per core unless the environment says otherwise; only then can a fresh
        // thread differ from the rule.
        if (Environment.ProcessorCount < 2 || Environment.GetEnvironmentVariable("MKL_NUM_THREADS") is not null
            || Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is not null) return;
        int? bare = null, applied = null;
        var thread = new Thread(() =>
        {
            bare = CpuParallelism.MklThreads();
            CpuParallelism.ApplyToThisThread();
            applied = CpuParallelism.MklThreads();
        });
        thread.Start();
        await Task.Run(thread.Join);
        // What the rule is there for: a fresh thread starts from MKL's own default, more than one thread here.
        Assert.True(bare > 1, $"a fresh thread's MKL threads: {bare}");
        Assert.Equal(1, applied);
    }
}
