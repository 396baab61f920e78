namespace ALfc.Core.Trials;

/// <summary>
/// The kinds of trial a process can run, by name. Passed to the coordinator and the trainer slots (not a static), so
/// a test can run a kind of its own through the same cluster.
/// </summary>
public sealed class TrialKindRegistry
{
    private readonly IReadOnlyDictionary<string, ITrialKind> kinds;

    public TrialKindRegistry(IEnumerable<ITrialKind> kinds) =>
        this.kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>Every kind ALfc ships.</summary>
    public static TrialKindRegistry Default { get; } = new([new TrainingTrialKind(), new PoisoningTrialKind()]);

    public IReadOnlyCollection<string> Names => kinds.Keys.ToList();

    public ITrialKind Get(string name) =>
        kinds.TryGetValue(name, out var kind)
            ? kind
            : throw new AlfcInputException($"unknown kind of trial '{name}' (known: {string.Join(", ", kinds.Keys)})");

    /// <summary>
    /// A stored trial's spec, or null where the kind is unknown here or the config cannot be read as its spec (an older
    /// layout, an edited row): for readers that count or show what they can, not for running it.
    /// </summary>
    public ITrialSpec? TryReadSpec(string kind, string json)
    {
        try
        {
            return Get(kind).ReadSpec(json);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or AlfcInputException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A registry with <paramref name="kind"/> added (or replacing one of the same name).</summary>
    public TrialKindRegistry With(ITrialKind kind) => new(kinds.Values.Where(k => k.Name != kind.Name).Append(kind));
}
