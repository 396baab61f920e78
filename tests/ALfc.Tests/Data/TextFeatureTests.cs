using ALfc.Core.Data.Text;
using static TorchSharp.torch;

namespace ALfc.Tests.Data;

public class TextFeatureTests
{
    [Fact]
    public void Tfidf_matches_hand_computed_values()
    {
        // Tokens of 2+ characters: doc0 = {bb x2}, doc1 = {bb, cc}; n = 2.
        // idf(bb) = ln(3/3) + 1 = 1; idf(cc) = ln(3/2) + 1 = 1.4054651; doc1 = (1, 1.4054651) / 1.7249155.
        var tfidf = TfidfVectorizer.Fit(["a bb BB", "bb cc"]);
        var x = tfidf.Transform(["a bb BB", "bb cc", "zz"]);
        Assert.Equal(2, tfidf.Terms);
        Numbers.AssertClose(new[] { 1, 0, 0.5797386, 0.8148024, 0, 0 }, x.Select(v => (double)v).ToArray(), 1e-6);
    }

    [Fact]
    public void Randomized_svd_finds_the_leading_singular_values_of_a_low_rank_matrix()
    {
        var random = new Random(3);
        int rows = 40, cols = 30;
        // Rank 4 plus tiny noise: the top 4 singular values must match the exact SVD.
        var a = new float[rows * cols];
        var u = Enumerable.Range(0, rows * 4).Select(_ => random.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, cols * 4).Select(_ => random.NextDouble() - 0.5).ToArray();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                a[i * cols + j] = (float)(Enumerable.Range(0, 4).Sum(r => u[i * 4 + r] * v[j * 4 + r] * (4 - r)) + 1e-4 * (random.NextDouble() - 0.5));
        var svd = TruncatedSvd.Fit(a, rows, cols, k: 4);
        var projected = svd.Transform(a, rows);
        using var exact = linalg.svdvals(tensor(a, [rows, cols]));
        var expected = exact.data<float>().Take(4).ToArray();
        for (int c = 0; c < 4; c++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(i => Math.Pow(projected[i * 4 + c], 2)));
            Assert.Equal(expected[c], norm, 3);
        }
    }

    [Fact]
    public void The_tensor_path_computes_what_the_array_path_does()
    {
        // The loader builds the TF-IDF matrices as tensors (half the memory). The TF-IDF rows must be the very floats;
        // the SVD's, only to float precision: two fits of one array in one process can differ in the last bits (LAPACK
        // workspaces land at other addresses; measured here), while the real set's cached features came out
        // byte-identical from both paths, each the first fit of its process.
        var random = new Random(5);
        var words = Enumerable.Range(0, 60).Select(i => $"w{i}").ToArray();
        string Sentence() => string.Join(' ', Enumerable.Range(0, random.Next(3, 12)).Select(_ => words[random.Next(words.Length)]));
        var train = Enumerable.Range(0, 80).Select(_ => Sentence()).ToList();
        var test = Enumerable.Range(0, 30).Select(_ => Sentence()).ToList();
        var tfidf = TfidfVectorizer.Fit(train);

        var trainArray = tfidf.Transform(train);
        using var trainTensor = tfidf.TransformTensor(train);
        Assert.Equal(trainArray, trainTensor.data<float>().ToArray());
        using var testTensor = tfidf.TransformTensor(test);
        Assert.Equal(tfidf.Transform(test), testTensor.data<float>().ToArray());

        var fromArray = TruncatedSvd.Fit(trainArray, train.Count, tfidf.Terms, k: 12);
        var fromTensor = TruncatedSvd.Fit(trainTensor, k: 12);
        Numbers.AssertClose(fromArray.Transform(trainArray, train.Count).Select(v => (double)v).ToArray(),
            fromTensor.Transform(trainTensor).Select(v => (double)v).ToArray(), 1e-4);
        Numbers.AssertClose(fromArray.Transform(tfidf.Transform(test), test.Count).Select(v => (double)v).ToArray(),
            fromTensor.Transform(testTensor).Select(v => (double)v).ToArray(), 1e-4);
    }
}
