using ALfc.Core.Models;

namespace ALfc.Tests.Models;

/// <summary>The bench's CPU line: on Linux it names the first processor's model and says whether it has AVX-512, as /proc/cpuinfo does.</summary>
public class CpuIdentityTests
{
    [Fact]
    public void Names_the_model_and_the_avx512_flag_of_proc_cpuinfo()
    {
        if (!File.Exists("/proc/cpuinfo")) return; // not Linux: only the architecture is named, nothing to compare
        var first = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToArray();
        string Field(string name) => first.First(l => l.Split(':', 2)[0].Trim() == name).Split(':', 2)[1].Trim();
        var description = CpuIdentity.Describe();
        if (first.Any(l => l.StartsWith("model name", StringComparison.Ordinal))) Assert.StartsWith(Field("model name"), description);
        if (first.Any(l => l.StartsWith("flags", StringComparison.Ordinal)))
            Assert.EndsWith(Field("flags").Split(' ').Contains("avx512f") ? "AVX-512: yes" : "AVX-512: no", description);
    }
}
