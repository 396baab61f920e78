using ScottPlot;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// How a series is drawn: colour, marker and line width. Every method has one style in every figure of a report,
/// from the Okabe-Ito palette (readable by colour-blind readers), and its own marker so the lines stay apart when
/// printed in grey; A-LFC is drawn heavier. Lines are solid: Skia's SVG writer cannot draw dashes (it drops them, with a
/// warning on the console).
/// </summary>
public sealed record SeriesStyle(Color Color, MarkerShape Marker, float LineWidth = 1.5f)
{
    /// <summary>Okabe &amp; Ito (2008): blue, vermillion, bluish green, orange, reddish purple, sky blue, black, yellow.</summary>
    public static readonly Color[] OkabeIto =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#E69F00"),
        Color.FromHex("#CC79A7"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];

    private static readonly MarkerShape[] Markers =
        [MarkerShape.FilledCircle, MarkerShape.Eks, MarkerShape.FilledTriangleDown, MarkerShape.FilledTriangleUp, MarkerShape.FilledSquare, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.Cross];

    private static readonly Dictionary<string, SeriesStyle> Methods = new(StringComparer.Ordinal)
    {
        ["alfc"] = new(OkabeIto[0], MarkerShape.FilledCircle, 2.5f),
        ["crowdlayer"] = new(OkabeIto[1], MarkerShape.Eks),
        ["aggnet"] = new(OkabeIto[2], MarkerShape.FilledTriangleDown),
        ["mv"] = new(OkabeIto[3], MarkerShape.FilledTriangleUp),
        ["ds"] = new(OkabeIto[4], MarkerShape.FilledDiamond),
        ["gt"] = new(OkabeIto[6], MarkerShape.FilledSquare),
    };

    /// <summary>The style of a training method; one the report does not know gets a style by its position.</summary>
    public static SeriesStyle ForMethod(string method, int position) => Methods.TryGetValue(method, out var style) ? style : ForIndex(position);

    /// <summary>The i-th style of a list of series that are not methods (poisoning attacks, clean vs attacked).</summary>
    public static SeriesStyle ForIndex(int i) => new(OkabeIto[i % OkabeIto.Length], Markers[i % Markers.Length]);
}
