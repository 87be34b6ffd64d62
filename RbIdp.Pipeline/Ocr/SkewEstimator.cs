namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Finds the small angle text lines are tilted by: ink pixels of a ~100 DPI copy are projected onto rows along
/// each candidate angle; the angle whose projection is sharpest (largest sum of squared row counts) is the one
/// the lines run along. Coarse steps over ±<see cref="MaxDegrees"/>, then a fine search around the best.
/// </summary>
public static class SkewEstimator
{
    public const double MaxDegrees = 6;

    private const int WorkingDpi = 100;

    private const byte InkThreshold = 140;

    /// <summary>
    /// The angle in degrees by which lines rise to the right (pass it to <see cref="GrayImage.Rotate"/> to level
    /// them); 0 when the page has too little ink to tell.
    /// </summary>
    public static double Estimate(GrayImage image, int dpi)
    {
        ArgumentNullException.ThrowIfNull(image);
        var step = Math.Max(1, dpi / WorkingDpi);
        var points = InkPoints(image, step);
        if (points.Count < 200)
        {
            return 0;
        }

        var height = (image.Height / step) + 1;
        var width = (image.Width / step) + 1;
        var best = Search(points, width, height, -MaxDegrees, MaxDegrees, 0.25);
        best = Search(points, width, height, best - 0.25, best + 0.25, 0.05);
        return Math.Abs(best) < 0.05 ? 0 : best;
    }

    private static double Search(List<(int X, int Y)> points, int width, int height, double from, double to, double step)
    {
        var margin = (int)Math.Ceiling(width * Math.Tan(MaxDegrees * 2 * Math.PI / 180)) + 1;
        var rows = new int[height + (2 * margin)];
        var bestAngle = 0.0;
        var bestScore = -1.0;
        for (var angle = from; angle <= to + 1e-9; angle += step)
        {
            Array.Clear(rows);
            var tan = Math.Tan(angle * Math.PI / 180);
            foreach (var (x, y) in points)
            {
                var row = (int)Math.Round(y + (x * tan)) + margin;
                if ((uint)row < (uint)rows.Length)
                {
                    rows[row]++;
                }
            }

            var score = 0.0;
            foreach (var count in rows)
            {
                score += (double)count * count;
            }

            // Prefer the smaller angle on ties so that a straight page stays straight.
            if (score > bestScore * (1 + 1e-9) || (Math.Abs(score - bestScore) <= bestScore * 1e-9 && Math.Abs(angle) < Math.Abs(bestAngle)))
            {
                bestScore = score;
                bestAngle = angle;
            }
        }

        return bestAngle;
    }

    /// <summary>The darkest pixel of each step×step cell, thresholded; thin strokes survive the reduction.</summary>
    private static List<(int X, int Y)> InkPoints(GrayImage image, int step)
    {
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

        return points;
    }
}
