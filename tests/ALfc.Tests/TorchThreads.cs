using System.Runtime.CompilerServices;
using ALfc.Core.Models;

namespace ALfc.Tests;

/// <summary>
/// The test process follows the rule every sweep slot follows (<see cref="CpuParallelism"/>): one libtorch intra-op
/// thread. Tests run in parallel, and with a shared multi-thread pool a busy pool changes how an op is split, and so
/// the float sums: an in-process trial's numbers would depend on which other tests ran beside it.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void OneThread() => CpuParallelism.Apply(CpuParallelism.DefaultThreads);
}
