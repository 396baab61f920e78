using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace ALfc.Core.Models;

/// <summary>
/// The `--device` values: `cpu`, `cuda` (= `cuda:0`) or `cuda:N`, and comma-separated lists of them for a node
/// whose slots spread over several GPUs (slot s runs on device s mod count). A CUDA device is checked against
/// what this process can see before any trial starts, because TorchSharp's own error comes from deep inside
/// the first tensor op and names no option.
/// </summary>
public static partial class ComputeDevice
{
    public const string Cpu = "cpu";

    /// <summary>One device, checked to exist here; <paramref name="option"/> names the field in errors.</summary>
    public static Device Parse(string text, string option = "--device")
    {
        var match = Pattern().Match(text.Trim().ToLowerInvariant());
        if (!match.Success)
            throw new AlfcInputException($"{option} {text}: expected cpu, cuda or cuda:N");
        if (match.Groups["kind"].Value == Cpu) return CPU;

        int index = match.Groups["index"].Success ? int.Parse(match.Groups["index"].Value) : 0;
        if (!CudaAvailable)
            throw new AlfcInputException(
                $"{option} {text}: CUDA is not available to this process (a TorchSharp-cpu build, or no NVIDIA driver); " +
                "build with -p:AlfcTorchBackend=cuda on a GPU machine, or use --device cpu");
        int count = cuda.device_count();
        if (index >= count)
            throw new AlfcInputException($"{option} {text}: this machine has {count} CUDA device(s), cuda:0 to cuda:{count - 1}");
        return new Device(DeviceType.CUDA, index);
    }

    /// <summary>A comma-separated list of devices, each checked; duplicates are allowed (two slots may share a GPU).</summary>
    public static IReadOnlyList<Device> ParseList(string text, string option = "--device")
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new AlfcInputException($"{option}: the list is empty");
        return parts.Select(p => Parse(p, option)).ToList();
    }

    /// <summary>The device of trainer slot <paramref name="slot"/> (0-based): the list is used round-robin.</summary>
    public static Device ForSlot(IReadOnlyList<Device> devices, int slot) => devices[slot % devices.Count];

    /// <summary>The canonical spelling, as recorded with each result: cpu or cuda:N.</summary>
    public static string Name(Device device) => device.type == DeviceType.CPU ? Cpu : $"cuda:{Math.Max(0, device.index)}";

    /// <summary>True when this process can run on a CUDA device: the CUDA build of TorchSharp and a visible GPU.</summary>
    public static bool CudaAvailable => cudaAvailable.Value;

    private static readonly Lazy<bool> cudaAvailable = new(() =>
    {
        try
        {
            return cuda.is_available();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException)
        {
            // A CPU-only libtorch refuses to initialise the CUDA backend rather than answering false.
            return false;
        }
    });

    [GeneratedRegex(@"^(?<kind>cpu|cuda(:(?<index>\d{1,3}))?)$")]
    private static partial Regex Pattern();
}
