namespace ALfc.Coordinator;

/// <summary>A count and its noun for the CLI's lines: "1 trial", "5 trials" (every noun ALfc counts takes an s).</summary>
public static class Counted
{
    public static string Of(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
