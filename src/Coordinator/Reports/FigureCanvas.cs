using System.Globalization;
using System.Net;
using ScottPlot;
using ALfc.Core.Statistics;

namespace ALfc.Coordinator.Reports;

/// <summary>
/// Where a report's figures are drawn: saves ScottPlot plots (and grids of panels) as PNG and SVG under
/// <c>figures/</c> of the report folder and remembers each as a <see cref="FigureFile"/>. Shared by the A-LFC and the
/// poisoning sections, so every figure is sized, titled and saved one way. Every figure fits a 1280 px page: a grid's
/// panels are narrow enough for four columns, and its legend sits below them rather than beside.
/// </summary>
public sealed class FigureCanvas
{
    public const int Width = 640, Height = 420, PanelWidth = 320, PanelHeight = 270;

    /// <summary>Height of a grid's title strip, drawn into the image so a PNG taken out of the page still says what it shows.</summary>
    public const int TitleHeight = 34;

    private readonly string outputDirectory;
    private readonly List<FigureFile> written = [];

    public FigureCanvas(string outputDirectory)
    {
        this.outputDirectory = outputDirectory;
        Directory.CreateDirectory(Path.Combine(outputDirectory, "figures"));
    }

    public IReadOnlyList<FigureFile> Written => written;

    /// <summary>
    /// A heat map of values in [0, 1] (probabilities, ASRs) on one fixed Viridis scale, so two maps drawn with it share
    /// their colours. Row r is drawn at y = r on an inverted axis, so row 0 is at the top and a confusion matrix's
    /// diagonal runs top-left to bottom-right; each cell shows its value. Ticks are the given names, or the indices.
    /// </summary>
    public static ScottPlot.Plottables.Heatmap AddUnitHeatmap(Plot plot, double[,] values, IReadOnlyList<string>? rowNames = null, IReadOnlyList<string>? columnNames = null)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Drawn on the inverted axis below, the matrix's first row already lands at the top: no flip.
        heatmap.FlipVertically = false;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                // An undefined cell (no defined value) is drawn blank by the heat map and labelled "-".
                var text = plot.Add.Text(double.IsNaN(values[r, c]) ? "-" : values[r, c].ToString(rows * columns > 64 ? "0.0" : "0.00", CultureInfo.InvariantCulture), c, r);
                // Viridis is dark below about 0.6 and light above.
                text.LabelFontColor = values[r, c] > 0.6 ? Colors.Black : Colors.White;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = rows > 8 ? 9 : 12;
            }
        var bottom = Names(columnNames, columns);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(i => (double)i).ToArray(), bottom);
        // Names side by side under many columns ran together (music's ten genres read "bluesclassicalcountry..."):
        // slanted, with the axis made tall enough for the longest.
        if (columns > 6 && bottom.Any(n => n.Length > 3))
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // Room for the slanted names (about 5 px down per character) and the axis label under them.
            plot.Axes.Bottom.MinimumSize = 35 + 5 * bottom.Max(n => n.Length);
        }
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(i => (double)i).ToArray(), Names(rowNames, rows));
        plot.Axes.SetLimits(-0.5, columns - 0.5, rows - 0.5, -0.5);
        return heatmap;
    }

    private static string[] Names(IReadOnlyList<string>? names, int count) =>
        Enumerable.Range(0, count).Select(i => names is not null && i < names.Count ? names[i] : i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// A mean line in its series style with its 95% CI as a translucent band (no band where n &lt; 2). Every series is an
    /// accuracy or an ASR, so the band is drawn within [0, 1]: with two seeds t = 12.7 stretched it to -0.6 and 1.3 and
    /// squashed the lines; the tables keep the interval as computed.
    /// </summary>
    public static void AddSeries(Plot plot, IReadOnlyList<(double X, CellStatistics Stats)> points, SeriesStyle style, string label)
    {
        if (points.Count == 0) return;
        double[] xs = points.Select(p => p.X).ToArray(), ys = points.Select(p => p.Stats.Mean).ToArray();
        var spread = points.Select(p => double.IsNaN(p.Stats.HalfWidth95) ? 0 : p.Stats.HalfWidth95).ToArray();
        var band = plot.Add.FillY(xs, ys.Select((y, i) => Math.Max(0, y - spread[i])).ToArray(), ys.Select((y, i) => Math.Min(1, y + spread[i])).ToArray());
        band.FillColor = style.Color.WithAlpha(0.15);
        band.LineColor = Colors.Transparent;
        var line = plot.Add.Scatter(xs, ys, style.Color);
        line.MarkerShape = style.Marker;
        line.MarkerSize = 7;
        line.LineWidth = style.LineWidth;
        line.LegendText = label;
    }

    /// <summary>
    /// Tiles panels into one PNG (SkiaSharp) and one SVG (nested svg elements), under a title strip. With
    /// <paramref name="shareY"/> every panel gets the union of their y ranges, so heights compare across panels; with a
    /// <paramref name="legend"/> plot its legend is drawn once, below the panels, where it never falls off a page.
    /// </summary>
    public void SaveGrid(Plot[][] panels, string id, string title, bool shareY = false, Plot? legend = null, int panelWidth = PanelWidth, int panelHeight = PanelHeight)
    {
        int w = panelWidth, h = panelHeight;
        int rows = panels.Length, cols = rows == 0 ? 0 : panels.Max(r => r.Length);
        if (rows == 0 || cols == 0) return;
        if (shareY) ShareY(panels.SelectMany(r => r).ToList());
        if (legend is not null) legend.Legend.Orientation = Orientation.Horizontal;
        byte[]? legendPng = legend is not null && legend.GetPlottables().Any(p => p.LegendItems.Any()) ? legend.GetLegendImage().GetImageBytes(ImageFormat.Png) : null;
        using var legendBitmap = legendPng is null ? null : SkiaSharp.SKBitmap.Decode(legendPng);
        int width = Math.Max(cols * w, legendBitmap?.Width ?? 0);
        using var titleFont = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.Default, 17);
        // A title wider than the panels (one or two attack columns) was cut off at the image's edge: it wraps instead.
        var titleLines = Wrap(title, titleFont, width - 20);
        int titleHeight = TitleHeight + (titleLines.Count - 1) * TitleLine;
        int height = titleHeight + rows * h + (legendBitmap?.Height ?? 0);
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        using (var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, IsAntialias = true })
            for (int i = 0; i < titleLines.Count; i++)
                surface.Canvas.DrawText(titleLines[i], 10, 23 + i * TitleLine, SkiaSharp.SKTextAlign.Left, titleFont, paint);
        var svg = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\"><rect width=\"100%\" height=\"100%\" fill=\"white\"/>"));
        for (int i = 0; i < titleLines.Count; i++)
            svg.Append(string.Create(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{23 + i * TitleLine}\" font-family=\"sans-serif\" font-size=\"17\">{WebUtility.HtmlEncode(titleLines[i])}</text>"));
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < panels[r].Length; c++)
            {
                using var bitmap = SkiaSharp.SKBitmap.Decode(panels[r][c].GetImage(w, h).GetImageBytes(ImageFormat.Png));
                surface.Canvas.DrawBitmap(bitmap, c * w, titleHeight + r * h);
                svg.Append(Nested(panels[r][c].GetSvgXml(w, h), c * w, titleHeight + r * h, w, h));
            }
        if (legendBitmap is not null)
        {
            int x = (width - legendBitmap.Width) / 2, y = titleHeight + rows * h;
            surface.Canvas.DrawBitmap(legendBitmap, x, y);
            svg.Append(Nested(legend!.GetLegendSvgXml(), x, y, legendBitmap.Width, legendBitmap.Height));
        }
        svg.Append("</svg>");
        string png = Path.Combine("figures", id + ".png"), svgPath = Path.Combine("figures", id + ".svg");
        using (var image = surface.Snapshot())
        using (var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
        using (var file = File.Create(Path.Combine(outputDirectory, png)))
            data.SaveTo(file);
        File.WriteAllText(Path.Combine(outputDirectory, svgPath), svg.ToString());
        written.Add(new FigureFile(id, title, png, svgPath, width, height));
    }

    /// <summary>Height of each further line of a wrapped grid title.</summary>
    private const int TitleLine = 21;

    /// <summary>The title in lines no wider than <paramref name="maxWidth"/> pixels, broken between words (a word wider alone keeps its own line).</summary>
    private static List<string> Wrap(string title, SkiaSharp.SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in title.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && font.MeasureText(candidate) > maxWidth)
            {
                lines.Add(line);
                line = word;
            }
            else line = candidate;
        }
        lines.Add(line);
        return lines;
    }

    /// <summary>Every panel's y axis set to the union of their auto-scaled ranges.</summary>
    private static void ShareY(IReadOnlyList<Plot> plots)
    {
        var withData = plots.Where(p => p.GetPlottables().Any()).ToList();
        if (withData.Count == 0) return;
        double bottom = double.PositiveInfinity, top = double.NegativeInfinity;
        foreach (var plot in withData)
        {
            plot.Axes.AutoScale();
            var limits = plot.Axes.GetLimits();
            bottom = Math.Min(bottom, limits.Bottom);
            top = Math.Max(top, limits.Top);
        }
        foreach (var plot in plots) plot.Axes.SetLimitsY(bottom, top);
    }

    /// <summary>One svg document placed inside another at (x, y): its root element's attributes are replaced by the position.</summary>
    private static string Nested(string inner, int x, int y, int w, int h) =>
        string.Create(CultureInfo.InvariantCulture, $"<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\">")
        + inner[inner.IndexOf("<svg", StringComparison.Ordinal)..].Split('>', 2)[1].Replace("</svg>", "") + "</svg>";

    public void Save(Plot plot, string id, string title, string xLabel, string yLabel, int width = Width, int height = Height, Alignment? legend = Alignment.LowerLeft)
    {
        // A title wider than the image was cut off at its edge (Fig. 3's "... white-bo"): broken into lines instead,
        // measured in a bold face a little larger than ScottPlot's title font, so a line never ends up too wide.
        using (var font = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.FromFamilyName(null, SkiaSharp.SKFontStyle.Bold), 18))
            plot.Title(string.Join("\n", Wrap(title, font, width - 30)));
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legend is { } corner) plot.ShowLegend(corner);
        string png = Path.Combine("figures", id + ".png"), svg = Path.Combine("figures", id + ".svg");
        plot.SavePng(Path.Combine(outputDirectory, png), width, height);
        plot.SaveSvg(Path.Combine(outputDirectory, svg), width, height);
        written.Add(new FigureFile(id, title, png, svg, width, height));
    }
}
