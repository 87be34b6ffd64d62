namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Reads the direction of text lines from ink projections of a ~100 DPI copy. For skew, ink pixels are projected
/// onto rows along each candidate angle; the angle whose projection is sharpest (largest sum of squared row
/// counts) is the one the lines run along: coarse steps over ±<see cref="MaxDegrees"/>, then a fine search.
/// </summary>
internal static class SkewEstimator
{
    public const double MaxDegrees = 6;

    private const int WorkingDpi = 100;

    private const byte InkThreshold = 140;

    private const int MinInkPoints = 200;

    /// <summary>A tilt must sharpen the projection by this much over 0° to count (vertical text does not).</summary>
    private const double MinGain = 1.05;

    /// <summary>
    /// The angle in degrees by which lines rise to the right (pass it to <see cref="GrayImage.Rotate"/> to level
    /// them); 0 when the page has too little ink or no clear line direction.
    /// </summary>
    public static double Estimate(GrayImage image, int dpi) => Estimate(Ink.Of(image, dpi));

    /// <inheritdoc cref="Estimate(GrayImage, int)"/>
    internal static double Estimate(Ink ink)
    {
        if (ink.Points.Count < MinInkPoints)
        {
            return 0;
        }

        var straight = ink.RowScore(0);
        var best = Search(ink, -MaxDegrees, MaxDegrees, 0.25);
        best = Search(ink, best - 0.25, best + 0.25, 0.05);
        return Math.Abs(best) < 0.05 || ink.RowScore(best) < straight * MinGain ? 0 : best;
    }

    /// <summary>
    /// Whether the page's lines run up or down rather than across (a page turned by 90° or 270°): the column
    /// projection is sharper than the row projection, each measured against a uniform spread of the same ink.
    /// </summary>
    public static bool LinesRunVertically(GrayImage image, int dpi) => LinesRunVertically(Ink.Of(image, dpi));

    /// <inheritdoc cref="LinesRunVertically(GrayImage, int)"/>
    internal static bool LinesRunVertically(Ink ink)
    {
        if (ink.Points.Count < MinInkPoints)
        {
            return false;
        }

        var rows = new int[ink.Height];
        var columns = new int[ink.Width];
        foreach (var (x, y) in ink.Points)
        {
            rows[y]++;
            columns[x]++;
        }

        return Sharpness(columns) > Sharpness(rows);
    }

    /// <summary>Sum of squared counts relative to the same ink spread evenly over the occupied span (1 = flat).</summary>
    private static double Sharpness(int[] counts)
    {
        var first = Array.FindIndex(counts, c => c > 0);
        var last = Array.FindLastIndex(counts, c => c > 0);
        var span = counts.AsSpan(first, last - first + 1);
        double total = 0, squares = 0;
        foreach (var c in span)
        {
            total += c;
            squares += (double)c * c;
        }

        return squares * span.Length / (total * total);
    }

    private static double Search(Ink ink, double from, double to, double step)
    {
        var bestAngle = 0.0;
        var bestScore = -1.0;
        for (var angle = from; angle <= to + 1e-9; angle += step)
        {
            var score = ink.RowScore(angle);

            // Prefer the smaller angle on ties so that a straight page stays straight.
            if (score > bestScore * (1 + 1e-9) || (Math.Abs(score - bestScore) <= bestScore * 1e-9 && Math.Abs(angle) < Math.Abs(bestAngle)))
            {
                bestScore = score;
                bestAngle = angle;
            }
        }

        return bestAngle;
    }

    /// <summary>The ink of a page reduced to ~100 DPI: the darkest pixel of each cell, thresholded.</summary>
    internal sealed class Ink(List<(int X, int Y)> points, int width, int height)
    {
        private int[]? _rows;

        public List<(int X, int Y)> Points { get; } = points;

        public int Width { get; } = width;

        public int Height { get; } = height;

        public static Ink Of(GrayImage image, int dpi)
        {
            ArgumentNullException.ThrowIfNull(image);
            var step = Math.Max(1, dpi / WorkingDpi);
            var points = new List<(int X, int Y)>();
            for (var cy = 0; cy + step <= image.Height; cy += step)
            {
                for (var cx = 0; cx + step <= image.Width; cx += step)
                {
                    var darkest = 255;
                    for (var y = cy; y < cy + step; y++)
                    {
                        var row = y * image.Width;
                        for (var x = cx; x < cx + step; x++)
                        {
                            darkest = Math.Min(darkest, image.Pixels[row + x]);
                        }
                    }

                    if (darkest < InkThreshold)
                    {
                        points.Add((cx / step, cy / step));
                    }
                }
            }

            return new Ink(points, (image.Width / step) + 1, (image.Height / step) + 1);
        }

        /// <summary>Sum of squared row counts when rows follow lines rising by <paramref name="degrees"/>.</summary>
        public double RowScore(double degrees)
        {
            var margin = (int)Math.Ceiling(Width * Math.Tan(MaxDegrees * 2 * Math.PI / 180)) + 1;
            _rows ??= new int[Height + (2 * margin)];
            Array.Clear(_rows);
            var tan = Math.Tan(degrees * Math.PI / 180);
            foreach (var (x, y) in Points)
            {
                var row = (int)Math.Round(y + (x * tan)) + margin;
                if ((uint)row < (uint)_rows.Length)
                {
                    _rows[row]++;
                }
            }

            var score = 0.0;
            foreach (var count in _rows)
            {
                score += (double)count * count;
            }

            return score;
        }
    }
}
