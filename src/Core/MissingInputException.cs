namespace ALfc.Core;

/// <summary>
/// An input that is not there at all (a dataset folder, an answer-set folder, its answer file), as opposed to one that
/// is there but malformed. On a cluster node the difference matters: a missing input is the node's fault (its
/// <c>--data</c>), so the node declines the trial and another runs it; a malformed one is the input's, and fails the
/// trial on any node.
/// </summary>
public sealed class MissingInputException(string message) : AlfcInputException(message)
{
    /// <summary>"FILE: what is missing".</summary>
    public static new MissingInputException In(string file, string problem) => new($"{file}: {problem}");
}
