namespace ALfc.Coordinator.Hosting;

/// <summary>
/// How to run a sweep: where the store is, local trainer slots and the devices they run on (null = the CPU),
/// data root, and the optional listen address for remote nodes.
/// </summary>
public sealed record SweepOptions(
    string StorePath,
    int Slots,
    string? DataRoot,
    string? Listen,
    int MaxAttempts = 3,
    TimeSpan? LogInterval = null,
    string? ExtraConfig = null,
    IReadOnlyList<TorchSharp.torch.Device>? Devices = null);
