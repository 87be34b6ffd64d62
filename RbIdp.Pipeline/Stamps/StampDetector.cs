using OpenCvSharp;
using RbIdp.Pipeline.Verdicts;
using SkiaSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// Finds a blue or violet official stamp on a page image. The page is analysed at about 100 DPI: a
/// blue/violet ink mask (HSV), circle candidates from a Hough transform on it, each verified by ring coverage
/// (the share of rays from the centre that meet ink near the radius — it survives a signature crossing the
/// stamp, where contour shape does not) and by a stamp-like interior; rectangular stamps are closed ink
/// frames with text inside. Blue ink that is not a stamp (a signature, a printed header) has no ring or frame.
/// A page without any colour gives <see cref="StampStatus.Unknown"/>, never a silent "not found".
/// Thread-safe: no shared mutable state; every native buffer is disposed before returning.
/// </summary>
public sealed class StampDetector(StampDetectorOptions? options = null)
{
    private const double MmPerInch = 25.4;

    // OpenCV hue is 0–180: blue ≈ 100–130, violet ≈ 130–160. Ink is saturated and neither paper-white nor black.
    private static readonly Scalar InkLow = new(100, 50, 40);
    private static readonly Scalar InkHigh = new(160, 255, 245);

    private readonly StampDetectorOptions _options = options ?? new StampDetectorOptions();

    /// <summary>The best finding over the pages of a document: a found stamp wins, then a colour page without one, then unknown.</summary>
    public StampFinding Detect(IEnumerable<(SKBitmap Page, int Dpi)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        StampFinding? best = null;
        var number = 0;
        foreach (var (page, dpi) in pages)
        {
            var finding = Detect(page, dpi, ++number);
            if (finding.Status == StampStatus.Found && (best?.Status != StampStatus.Found || finding.Score > best.Score))
            {
                best = finding;
            }
            else if (finding.Status == StampStatus.NotFound && best?.Status != StampStatus.Found && (best?.Status != StampStatus.NotFound || finding.Score > best.Score))
            {
                best = finding;
            }
        }

        return best ?? StampFinding.Unknown();
    }

    /// <summary>Looks for a stamp on one page; <paramref name="pageNumber"/> (1-based) is echoed in the finding.</summary>
    public StampFinding Detect(SKBitmap page, int dpi, int? pageNumber = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 10);
        if (page.ColorType is SKColorType.Gray8 or SKColorType.Alpha8)
        {
            return StampFinding.Unknown(pageNumber);
        }

        var scale = Math.Min(1.0, (double)_options.WorkingDpi / dpi);
        var width = Math.Max(1, (int)Math.Round(page.Width * scale));
        var height = Math.Max(1, (int)Math.Round(page.Height * scale));
        using var small = Downscale(page, width, height);
        if (ColourShare(small) < _options.MinColourShare)
        {
            return StampFinding.Unknown(pageNumber);
        }

        var workingDpi = dpi * (double)width / page.Width;
        using var rgba = Mat.FromPixelData(height, width, MatType.CV_8UC4, small.GetPixels(), small.RowBytes);
        using var bgr = new Mat();
        using var hsv = new Mat();
        using var mask = new Mat();
        Cv2.CvtColor(rgba, bgr, ColorConversionCodes.RGBA2BGR);
        Cv2.CvtColor(bgr, hsv, ColorConversionCodes.BGR2HSV);
        Cv2.InRange(hsv, InkLow, InkHigh, mask);
        var ink = new InkMask(mask);

        var pxPerMm = workingDpi / MmPerInch;
        var round = FindRound(mask, ink, pxPerMm);
        var rectangular = FindRectangular(mask, ink, pxPerMm);
        var best = rectangular is { } r && (round is null || r.Score > round.Value.Score) ? rectangular : round;
        if (best is not { } candidate || candidate.Score < _options.MinScore)
        {
            return StampFinding.NotFound(best?.Score ?? 0, pageNumber);
        }

        var back = (double)page.Width / width;
        var box = new BoundingBox(
            (int)Math.Round(candidate.Box.X * back), (int)Math.Round(candidate.Box.Y * back),
            (int)Math.Round(candidate.Box.Width * back), (int)Math.Round(candidate.Box.Height * back));
        return new StampFinding(StampStatus.Found, candidate.Score, box, pageNumber, candidate.Shape);
    }

    private (double Score, Rect Box, StampShapeKind Shape)? FindRound(Mat mask, InkMask ink, double pxPerMm)
    {
        var minRadius = _options.MinDiameterMm / 2 * pxPerMm;
        var maxRadius = _options.MaxDiameterMm / 2 * pxPerMm;
        using var blurred = new Mat();
        Cv2.GaussianBlur(mask, blurred, new Size(5, 5), 1.5);
        var circles = Cv2.HoughCircles(blurred, HoughModes.Gradient, 1, minRadius, 100, 18, (int)(minRadius * 0.55), (int)Math.Ceiling(maxRadius));

        (double Score, Rect Box, StampShapeKind Shape)? best = null;
        foreach (var circle in circles.Take(30))
        {
            var (cx, cy, r, coverage) = Refine(ink, circle.Center.X, circle.Center.Y, circle.Radius, maxRadius);
            if (r < minRadius * 0.55 || coverage < 0.5)
            {
                continue;
            }

            // A stamp has text and an emblem inside its ring; a filled blob or an empty circle has not.
            var interior = ink.AnnulusDensity(cx, cy, r, 0.15, 0.85);
            if (interior is < 0.02 or > 0.6)
            {
                continue;
            }

            var score = Score(coverage);
            if (best is null || score > best.Value.Score)
            {
                best = (score, new Rect((int)(cx - r), (int)(cy - r), (int)(2 * r), (int)(2 * r)), StampShapeKind.Round);
            }
        }

        return best;
    }

    /// <summary>Hough centres are rough: search nearby centres and radii for the best ring, then prefer an outer concentric ring.</summary>
    private (double X, double Y, double R, double Coverage) Refine(InkMask ink, double cx, double cy, double r, double maxRadius)
    {
        var best = (X: cx, Y: cy, R: r, Coverage: 0.0);
        for (var dy = -3; dy <= 3; dy++)
        {
            for (var dx = -3; dx <= 3; dx++)
            {
                for (var dr = -3; dr <= 3; dr++)
                {
                    var coverage = ink.RingCoverage(cx + dx, cy + dy, r + dr, Band(r + dr), rays: 60);
                    if (coverage > best.Coverage)
                    {
                        best = (cx + dx, cy + dy, r + dr, coverage);
                    }
                }
            }
        }

        // The inner ring of a double-ring stamp is a ring too: look outwards for the stamp's own edge.
        for (var outer = maxRadius; outer > best.R * 1.25; outer -= 1)
        {
            var coverage = ink.RingCoverage(best.X, best.Y, outer, Band(outer), rays: 60);
            if (coverage >= _options.MinRingCoverage)
            {
                return (best.X, best.Y, outer, Math.Max(coverage, ink.RingCoverage(best.X, best.Y, outer, Band(outer), rays: 120)));
            }
        }

        return best with { Coverage = ink.RingCoverage(best.X, best.Y, best.R, Band(best.R), rays: 120) };
    }

    private (double Score, Rect Box, StampShapeKind Shape)? FindRectangular(Mat mask, InkMask ink, double pxPerMm)
    {
        using var closed = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.MorphologyEx(mask, closed, MorphTypes.Close, kernel);
        Cv2.FindContours(closed, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);

        (double Score, Rect Box, StampShapeKind Shape)? best = null;
        foreach (var contour in contours)
        {
            var box = Cv2.MinAreaRect(contour);
            var (longSide, shortSide) = (Math.Max(box.Size.Width, box.Size.Height) / pxPerMm, Math.Min(box.Size.Width, box.Size.Height) / pxPerMm);
            if (longSide is < 30 or > 100 || shortSide is < 12 or > 50 || longSide / shortSide > 5)
            {
                continue;
            }

            var corners = box.Points();
            var band = (int)Math.Ceiling(Band(shortSide * pxPerMm / 2));
            var (hits, samples) = (0, 0);
            for (var i = 0; i < 4; i++)
            {
                var (a, b) = (corners[i], corners[(i + 1) % 4]);
                var length = Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y)));
                for (var t = 0.0; t <= length; t += 2)
                {
                    samples++;
                    hits += ink.InkNear(a.X + ((b.X - a.X) * t / length), a.Y + ((b.Y - a.Y) * t / length), band) ? 1 : 0;
                }
            }

            var bounds = box.BoundingRect();
            var inner = bounds.Width * bounds.Height == 0 ? 0 : InteriorDensity(ink, bounds);
            if (samples == 0 || inner is < 0.02 or > 0.5)
            {
                continue;
            }

            var score = Score((double)hits / samples);
            if (best is null || score > best.Value.Score)
            {
                best = (score, bounds, StampShapeKind.Rectangular);
            }
        }

        return best;
    }

    private static double InteriorDensity(InkMask ink, Rect bounds)
    {
        var (insetX, insetY) = (bounds.Width / 6, bounds.Height / 6);
        var (count, all) = (0, 0);
        for (var y = bounds.Y + insetY; y < bounds.Bottom - insetY; y++)
        {
            for (var x = bounds.X + insetX; x < bounds.Right - insetX; x++)
            {
                all++;
                count += ink[x, y] ? 1 : 0;
            }
        }

        return all == 0 ? 0 : (double)count / all;
    }

    private static double Band(double radius) => Math.Max(2, radius * 0.05);

    /// <summary>Maps ring/frame coverage to a score with 0.5 at <see cref="StampDetectorOptions.MinRingCoverage"/> and 1 at full coverage.</summary>
    private double Score(double coverage)
    {
        var threshold = _options.MinRingCoverage;
        var score = coverage >= threshold
            ? 0.5 + (0.5 * (coverage - threshold) / (1 - threshold))
            : 0.5 * coverage / threshold;
        return Math.Round(Math.Clamp(score, 0, 1), 3);
    }

    private static SKBitmap Downscale(SKBitmap page, int width, int height)
    {
        var small = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(small);
        using var image = SKImage.FromBitmap(page);
        canvas.Clear(SKColors.White);
        canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return small;
    }

    /// <summary>Share of pixels whose channels differ at all: zero for a greyscale scan, noise-level or more for a colour one.</summary>
    private static double ColourShare(SKBitmap small)
    {
        var pixels = small.GetPixelSpan();
        var coloured = 0;
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var (r, g, b) = (pixels[i], pixels[i + 1], pixels[i + 2]);
            if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) >= 3)
            {
                coloured++;
            }
        }

        return (double)coloured / (pixels.Length / 4);
    }
}
