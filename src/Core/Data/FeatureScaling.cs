using System.Runtime.Serialization;

namespace ALfc.Core.Data;

/// <summary>
/// How features are scaled before training. Attack eps is measured in the scaled space, so the
/// choice decides whether the paper's eps values (sized for inputs in [0, 1]) bite at all; every
/// result records it. Statistics always come from the training rows only.
/// </summary>
public enum FeatureScaling
{
    /// <summary>x' = (x - min) / (max - min) per feature; constant features map to 0. The default but for sentiment.</summary>
    [EnumMember(Value = "minmax")] MinMax,

    /// <summary>
    /// x' = (x - min) / (max - min) - 1/2 per feature: min-max onto [-1/2, 1/2]; constant features map to 0. The
    /// same unit range as <see cref="MinMax"/>, so the same eps-balls (attacks do not clamp to the data range); only
    /// the common offset of 1/2 is gone, which a wide input with dropout cannot learn around (see the sentiment loader).
    /// </summary>
    [EnumMember(Value = "minmax-centred")] MinMaxCentred,

    /// <summary>x' = (x - mean) / std per feature (population std); constant features map to 0.</summary>
    [EnumMember(Value = "zscore")] ZScore,

    /// <summary>Features are used as loaded.</summary>
    [EnumMember(Value = "none")] None,
}

/// <summary>Parses and applies <see cref="FeatureScaling"/>.</summary>
public static class FeatureScaler
{
    public static FeatureScaling Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "minmax" or "min-max" => FeatureScaling.MinMax,
        "minmax-centred" or "minmax-centered" => FeatureScaling.MinMaxCentred,
        "zscore" or "z-score" => FeatureScaling.ZScore,
        "none" => FeatureScaling.None,
        _ => throw new AlfcInputException($"--scale: unknown scaling '{text}' (expected {Expected})"),
    };

    /// <summary>The accepted names, for error messages.</summary>
    public const string Expected = "minmax, minmax-centred, zscore or none";

    public static string Name(FeatureScaling scaling) => EnumSpelling<FeatureScaling>.Name(scaling);

    /// <summary>Scales train and test with statistics fitted on <paramref name="train"/>; test values may leave [0, 1] and are not clipped.</summary>
    public static (FeatureMatrix Train, FeatureMatrix Test) Apply(FeatureScaling scaling, FeatureMatrix train, FeatureMatrix test)
    {
        if (scaling == FeatureScaling.None) return (train, test);
        int d = train.Cols;
        var offset = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity, sum = 0, sumSq = 0;
            for (int i = 0; i < train.Rows; i++)
            {
                double v = train[i, j];
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
                sum += v;
                sumSq += v * v;
            }
            if (scaling is FeatureScaling.MinMax or FeatureScaling.MinMaxCentred)
            {
                // Centring shifts by half the range: (x - lo) / (hi - lo) - 1/2 = (x - (lo + hi) / 2) / (hi - lo).
                offset[j] = scaling == FeatureScaling.MinMax ? lo : (lo + hi) / 2;
                scale[j] = hi > lo ? 1.0 / (hi - lo) : 0.0;
            }
            else
            {
                double mean = sum / train.Rows;
                double std = Math.Sqrt(Math.Max(0, sumSq / train.Rows - mean * mean));
                offset[j] = mean;
                scale[j] = std > 1e-12 ? 1.0 / std : 0.0;
            }
        }
        return (Transform(train, offset, scale), Transform(test, offset, scale));
    }

    private static FeatureMatrix Transform(FeatureMatrix m, double[] offset, double[] scale)
    {
        var values = new float[m.Values.Length];
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Cols; j++)
                values[i * m.Cols + j] = (float)((m[i, j] - offset[j]) * scale[j]);
        return new FeatureMatrix(m.Rows, m.Cols, values);
    }
}
