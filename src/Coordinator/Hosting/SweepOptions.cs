namespace ALfc.Coordinator.Hosting;

/// <summary>
/// How to run a sweep: where the store is, local trainer slots and the devices they run on (null = the CPU),
/// data root, the optional listen address for remote nodes, and how many repetitions a unit may fuse (null: each
/// kind's own rule, <see cref="ALfc.Core.Training.FusionWidth"/> for training trials).
/// </summary>
public sealed record SweepOptions(
    string StorePath,
    int Slots,
    string? DataRoot,
    string? Listen,
    int MaxAttempts = 3,
    TimeSpan? LogInterval = null,
    string? ExtraConfig = null,
    IReadOnlyList<TorchSharp.torch.Device>? Devices = null,
    int? Fuse = null);
