using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ALfc.Core.Data;

/// <summary>
/// SHA-256 fingerprints of a loaded dataset's content, for the caches keyed by it: the training side (features and
/// answers: what the black-box substitute learns from) and the test side (features and gold: what its adversarial inputs
/// are crafted from). Each is computed once per loaded dataset and kept while the dataset lives; hashing sentiment's
/// test set alone takes some 15 ms, and a trial asks for it once per black-box cell.
/// </summary>
public static class DatasetFingerprints
{
    private static readonly ConditionalWeakTable<CrowdDataset, string> TrainingSides = new();
    private static readonly ConditionalWeakTable<CrowdDataset, string> TestSides = new();

    /// <summary>The shapes, the training features and the answers.</summary>
    public static string Training(CrowdDataset data) => TrainingSides.GetValue(data, d => Hash(
        FormattableString.Invariant($"{d.TrainFeatures.Rows}x{d.TrainFeatures.Cols}|{d.Answers.Items}x{d.Answers.Workers}|{d.Classes}|"),
        MemoryMarshal.AsBytes(d.TrainFeatures.Values.AsSpan()), MemoryMarshal.AsBytes(d.Answers.Values.AsSpan())));

    /// <summary>The shapes, the test features and the test gold.</summary>
    public static string Test(CrowdDataset data) => TestSides.GetValue(data, d => Hash(
        FormattableString.Invariant($"{d.TestFeatures.Rows}x{d.TestFeatures.Cols}|{d.Classes}|"),
        MemoryMarshal.AsBytes(d.TestFeatures.Values.AsSpan()), MemoryMarshal.AsBytes(d.TestGold.AsSpan())));

    private static string Hash(string shapes, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(shapes));
        hash.AppendData(first);
        hash.AppendData(second);
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
