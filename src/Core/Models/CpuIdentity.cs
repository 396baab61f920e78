using System.Runtime.InteropServices;

namespace ALfc.Core.Models;

/// <summary>
/// Which CPU this is, read from /proc/cpuinfo: the model name, the x86 family and model numbers, and whether it
/// has AVX-512. The bench prints it, and the black-box input cache keys its files by it. Benches are only comparable on
/// the same CPU: the shared machines this project is measured on have been
/// handed out as different AMD EPYC generations from one day to the next (family 25 without AVX-512, and one with it),
/// and MKL picks different kernels on each, which moved both the speed and whether fused products match alone ones,
/// so inputs crafted on one CPU are not reused on another. Elsewhere it names only the architecture.
/// </summary>
public static class CpuIdentity
{
    /// <summary>For example "AMD EPYC (family 25, model 1), AVX-512: no".</summary>
    public static string Describe()
    {
        try
        {
            var fields = File.ReadLines("/proc/cpuinfo")
                .TakeWhile(line => line.Length > 0) // the first processor's block
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .GroupBy(parts => parts[0].Trim())
                .ToDictionary(g => g.Key, g => g.First()[1].Trim());
            string name = fields.GetValueOrDefault("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
            string numbers = fields.TryGetValue("cpu family", out var family) && fields.TryGetValue("model", out var model)
                ? $" (family {family}, model {model})" : "";
            string avx512 = fields.TryGetValue("flags", out var flags)
                ? $", AVX-512: {(flags.Split(' ').Contains("avx512f") ? "yes" : "no")}" : "";
            return name + numbers + avx512;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
