namespace ALfc.Tests.Cli.BadInput;

/// <summary>
/// One hostile input: what is wrong (<see cref="Cause"/>, also the test's name), how to set it up in a scratch folder,
/// the command that meets it, and what the one error line must hold: the file, field or flag it names and what it says. Arrange may return
/// something held while the command runs (a lock, a listening socket).
/// </summary>
public sealed record BadInputCase(
    string Cause,
    string Program,
    Func<Scratch, string[]> Args,
    Func<Scratch, string[]> Names,
    Func<Scratch, IDisposable?>? Arrange = null,
    bool HonourFilePermissions = false)
{
    public override string ToString() => Cause;
}
