using System.Text.RegularExpressions;
using ALfc.Core.Models;
using static TorchSharp.torch;

namespace ALfc.Core.Data.Text;

/// <summary>
/// TF-IDF as scikit-learn's TfidfVectorizer defaults compute it, fitted on training documents only:
/// tokens are lower-cased words of 2+ word characters; tf is the raw count;
/// idf(t) = ln((1 + n) / (1 + df(t))) + 1; each row is then L2-normalised.
/// Terms that never occur in training are ignored at transform time.
/// </summary>
public sealed partial class TfidfVectorizer
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly double[] _idf;

    private TfidfVectorizer(Dictionary<string, int> vocabulary, double[] idf)
    {
        _vocabulary = vocabulary;
        _idf = idf;
    }

    public int Terms => _idf.Length;

    public static TfidfVectorizer Fit(IReadOnlyList<string> documents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var term in Tokens(doc).Distinct())
                df[term] = df.GetValueOrDefault(term) + 1;
        // Sorted vocabulary, as scikit-learn orders it, so column order never depends on hashing.
        var terms = df.Keys.OrderBy(t => t, StringComparer.Ordinal).ToArray();
        var vocabulary = terms.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        double n = documents.Count;
        var idf = terms.Select(t => Math.Log((1 + n) / (1 + df[t])) + 1).ToArray();
        return new TfidfVectorizer(vocabulary, idf);
    }

    /// <summary>Dense documents x terms matrix, row-major.</summary>
    public float[] Transform(IReadOnlyList<string> documents)
    {
        var result = new float[(long)documents.Count * Terms];
        Write(documents, result);
        return result;
    }

    /// <summary>
    /// The same rows as <see cref="Transform"/>, written straight into a CPU tensor (documents x terms): a dense TF-IDF
    /// matrix of the sentiment set is some 350 MB, and a managed copy beside the tensor doubled the loader's peak.
    /// </summary>
    public Tensor TransformTensor(IReadOnlyList<string> documents)
    {
        var result = zeros(documents.Count, Terms, ScalarType.Float32);
        Write(documents, TensorData.HostFloats(result));
        return result;
    }

    private void Write(IReadOnlyList<string> documents, Span<float> result)
    {
        var counts = new Dictionary<int, int>();
        for (int d = 0; d < documents.Count; d++)
        {
            counts.Clear();
            foreach (var term in Tokens(documents[d]))
                if (_vocabulary.TryGetValue(term, out var index)) counts[index] = counts.GetValueOrDefault(index) + 1;
            double norm = Math.Sqrt(counts.Sum(p => Math.Pow(p.Value * _idf[p.Key], 2)));
            if (norm == 0) continue;
            foreach (var (index, count) in counts)
                result[checked((int)((long)d * Terms + index))] = (float)(count * _idf[index] / norm);
        }
    }

    private static IEnumerable<string> Tokens(string document) =>
        TokenPattern().Matches(document.ToLowerInvariant()).Select(m => m.Value);

    [GeneratedRegex(@"\b\w\w+\b")]
    private static partial Regex TokenPattern();
}
