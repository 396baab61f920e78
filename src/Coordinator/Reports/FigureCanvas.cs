using System.Globalization;
using ScottPlot;
using ALfc.Core.Statistics;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// Where a report's figures are drawn: saves ScottPlot plots (and grids of panels) as PNG and SVG under
/// <c>figures/</c> of the report folder and remembers each as a <see cref="FigureFile"/>. Shared by the A-LFC and the
/// poisoning sections, so every figure is sized, titled and saved one way.
/// </summary>
public sealed class FigureCanvas
{
    public const int Width = 640, Height = 420, PanelWidth = 420, PanelHeight = 300;
    private readonly string outputDirectory;
    private readonly List<FigureFile> written = [];

    public FigureCanvas(string outputDirectory)
    {
        this.outputDirectory = outputDirectory;
        Directory.CreateDirectory(Path.Combine(outputDirectory, "figures"));
    }

    public IReadOnlyList<FigureFile> Written => written;

    /// <summary>
    /// A heat map of values in [0, 1] (probabilities, ASRs) on one fixed Viridis scale with its colour bar, row r drawn
    /// at y = r: ScottPlot draws row 0 at the top by default while the y axis counts up, hence the flip.
    /// </summary>
    public static void AddUnitHeatmap(Plot plot, double[,] values)
    {
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.FlipVertically = true;
        plot.Add.ColorBar(heatmap);
    }

    /// <summary>A mean line with its 95% CI as a translucent band (no band where n &lt; 2).</summary>
    public static void AddSeries(Plot plot, IReadOnlyList<(double X, CellStatistics Stats)> points, Color color, string label)
    {
        if (points.Count == 0) return;
        double[] xs = points.Select(p => p.X).ToArray(), ys = points.Select(p => p.Stats.Mean).ToArray();
        var spread = points.Select(p => double.IsNaN(p.Stats.HalfWidth95) ? 0 : p.Stats.HalfWidth95).ToArray();
        var band = plot.Add.FillY(xs, ys.Select((y, i) => y - spread[i]).ToArray(), ys.Select((y, i) => y + spread[i]).ToArray());
        band.FillColor = color.WithAlpha(0.18);
        band.LineColor = Colors.Transparent;
        plot.Add.Scatter(xs, ys, color).LegendText = label;
    }

    /// <summary>Tiles panels into one PNG (SkiaSharp) and one SVG (nested svg elements).</summary>
    public void SaveGrid(Plot[][] panels, string id, string title)
    {
        const int w = PanelWidth, h = PanelHeight;
        int rows = panels.Length, cols = panels.Max(r => r.Length);
        if (rows == 0 || cols == 0) return;
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(cols * w, rows * h));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        var svg = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{cols * w}\" height=\"{rows * h}\">"));
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < panels[r].Length; c++)
            {
                using var bitmap = SkiaSharp.SKBitmap.Decode(panels[r][c].GetImage(w, h).GetImageBytes(ImageFormat.Png));
                surface.Canvas.DrawBitmap(bitmap, c * w, r * h);
                var inner = panels[r][c].GetSvgXml(w, h);
                svg.Append(string.Create(CultureInfo.InvariantCulture, $"<svg x=\"{c * w}\" y=\"{r * h}\" width=\"{w}\" height=\"{h}\">"))
                   .Append(inner[inner.IndexOf("<svg", StringComparison.Ordinal)..].Split('>', 2)[1].Replace("</svg>", "")).Append("</svg>");
            }
        svg.Append("</svg>");
        string png = Path.Combine("figures", id + ".png"), svgPath = Path.Combine("figures", id + ".svg");
        using (var image = surface.Snapshot())
        using (var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
        using (var file = File.Create(Path.Combine(outputDirectory, png)))
            data.SaveTo(file);
        File.WriteAllText(Path.Combine(outputDirectory, svgPath), svg.ToString());
        written.Add(new FigureFile(id, title, png, svgPath, cols * w, rows * h));
    }

    public void Save(Plot plot, string id, string title, string xLabel, string yLabel, int width = Width, int height = Height, Alignment? legend = Alignment.LowerLeft)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legend is { } corner) plot.ShowLegend(corner);
        string png = Path.Combine("figures", id + ".png"), svg = Path.Combine("figures", id + ".svg");
        plot.SavePng(Path.Combine(outputDirectory, png), width, height);
        plot.SaveSvg(Path.Combine(outputDirectory, svg), width, height);
        written.Add(new FigureFile(id, title, png, svg, width, height));
    }
}
