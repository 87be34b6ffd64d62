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

    private const double MaxInkShare = 0.1;

    private static readonly (int Dx, int Dy, int Dr)[] Neighbours =
    [
        (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1),
        (2, 0, 0), (-2, 0, 0), (0, 2, 0), (0, -2, 0), (0, 0, 2), (0, 0, -2),
    ];

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

        var working = SizeAtWorkingDpi(page.Width, page.Height, dpi);
        using var bgr = Downscale(page, working);
        if (ColourShare(bgr) < _options.MinColourShare)
        {
            return StampFinding.Unknown(pageNumber);
        }

        var workingDpi = dpi * (double)working.Width / page.Width;
        using var hsv = new Mat();
        using var raw = new Mat();
        using var mask = new Mat();
        Cv2.CvtColor(bgr, hsv, ColorConversionCodes.BGR2HSV);
        Cv2.InRange(hsv, InkLow, InkHigh, raw);

        // A page that is largely blue/violet is a photo or noise, not a printed page with a stamp on it.
        // Speckle (JPEG chroma noise) is not ink; 2–3 px strokes survive a 3×3 median.
        var pixels = (double)raw.Rows * raw.Cols;
        Cv2.MedianBlur(raw, mask, 3);
        if (Cv2.CountNonZero(raw) > pixels * MaxInkShare || Cv2.CountNonZero(mask) > pixels * MaxInkShare / 2)
        {
            return StampFinding.NotFound(0, pageNumber);
        }

        var ink = new InkMask(mask);

        var pxPerMm = workingDpi / MmPerInch;
        var round = FindRound(mask, ink, pxPerMm);

        // Frames are found on the uncleaned mask: a 3×3 median can break a thin, worn frame line.
        var rectangular = FindRectangular(raw, new InkMask(raw), pxPerMm);
        var best = rectangular is { } r && (round is null || r.Score > round.Value.Score) ? rectangular : round;
        if (best is not { } candidate || candidate.Score < _options.MinScore)
        {
            return StampFinding.NotFound(best?.Score ?? 0, pageNumber);
        }

        var back = (double)page.Width / working.Width;
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
            // And its ring stands out from what is around it (noise or a blue scribble all over does not).
            var interior = ink.AnnulusDensity(cx, cy, r, 0.15, 0.85);
            var outside = ink.RingCoverage(cx, cy, r * 1.25, Band(r));
            if (interior is < 0.02 or > 0.6 || coverage - outside < 0.4)
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

    /// <summary>Hough centres are rough: climb to the best nearby ring, then prefer an outer concentric ring.</summary>
    private (double X, double Y, double R, double Coverage) Refine(InkMask ink, double cx, double cy, double r, double maxRadius)
    {
        var best = (X: cx, Y: cy, R: r, Coverage: ink.RingCoverage(cx, cy, r, Band(r), rays: 48));
        if (best.Coverage < 0.3)
        {
            return best;
        }

        for (var step = 0; step < 30; step++)
        {
            var improved = false;
            foreach (var (dx, dy, dr) in Neighbours)
            {
                var coverage = ink.RingCoverage(best.X + dx, best.Y + dy, best.R + dr, Band(best.R + dr), rays: 48);
                if (coverage > best.Coverage)
                {
                    best = (best.X + dx, best.Y + dy, best.R + dr, coverage);
                    improved = true;
                }
            }

            if (!improved)
            {
                break;
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
            var inner = bounds.Width * bounds.Height == 0 ? 0 : InteriorDensity(ink, bounds, 6);
            var margin = (int)Math.Ceiling(3 * pxPerMm);
            var around = new Rect(bounds.X - margin, bounds.Y - margin, bounds.Width + (2 * margin), bounds.Height + (2 * margin));
            var ring = (InteriorDensity(ink, around, 0) * around.Width * around.Height) - (InteriorDensity(ink, bounds, 0) * bounds.Width * bounds.Height);
            var outside = ring / Math.Max(1, (around.Width * around.Height) - (bounds.Width * bounds.Height));
            if (samples == 0 || inner is < 0.02 or > 0.5 || outside > 0.2)
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

    /// <summary>Share of ink in <paramref name="bounds"/> shrunk by 1/<paramref name="inset"/> of its size on each side (0: not shrunk).</summary>
    private static double InteriorDensity(InkMask ink, Rect bounds, int inset)
    {
        var (insetX, insetY) = inset == 0 ? (0, 0) : (bounds.Width / inset, bounds.Height / inset);
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

    /// <summary>
    /// The page's size at about the working resolution. Common scan resolutions (200, 300, 400, 600 DPI) are whole
    /// multiples of it: the page is then shrunk by that whole factor (<see cref="WorkingSize.WholeFactor"/>, the one
    /// or two pixels left over cropped), which OpenCV's area averaging does several times faster than a fractional one.
    /// </summary>
    private WorkingSize SizeAtWorkingDpi(int width, int height, int dpi)
    {
        var factor = (double)dpi / _options.WorkingDpi;
        if (factor <= 1)
        {
            return new WorkingSize(width, height, 1);
        }

        var whole = (int)Math.Round(factor);
        return whole >= 2 && Math.Abs(factor - whole) <= 0.02 * whole
            ? new WorkingSize(Math.Max(1, width / whole), Math.Max(1, height / whole), whole)
            : new WorkingSize(Math.Max(1, (int)Math.Round(width / factor)), Math.Max(1, (int)Math.Round(height / factor)), 0);
    }

    /// <summary>The page at the working size as a BGR <see cref="Mat"/> (area-averaged, so thin strokes keep their colour).</summary>
    private static Mat Downscale(SKBitmap page, WorkingSize size)
    {
        using var rgba = page.ColorType is SKColorType.Rgba8888 or SKColorType.Bgra8888 ? null : page.Copy(SKColorType.Rgba8888);
        var source = rgba ?? page;
        using var full = Mat.FromPixelData(source.Height, source.Width, MatType.CV_8UC4, source.GetPixels(), source.RowBytes);
        using var cropped = size.WholeFactor >= 2 ? new Mat(full, new Rect(0, 0, size.Width * size.WholeFactor, size.Height * size.WholeFactor)) : null;
        using var small = new Mat();
        Cv2.Resize(cropped ?? full, small, new Size(size.Width, size.Height), 0, 0, InterpolationFlags.Area);
        var bgr = new Mat();
        Cv2.CvtColor(small, bgr, source.ColorType == SKColorType.Bgra8888 ? ColorConversionCodes.BGRA2BGR : ColorConversionCodes.RGBA2BGR);
        return bgr;
    }

    /// <summary>Share of pixels whose channels differ at all: zero for a greyscale scan, noise-level or more for a colour one.</summary>
    private static double ColourShare(Mat bgr)
    {
        Cv2.Split(bgr, out var channels);
        try
        {
            using var max = new Mat();
            using var min = new Mat();
            using var chroma = new Mat();
            Cv2.Max(channels[0], channels[1], max);
            Cv2.Max(max, channels[2], max);
            Cv2.Min(channels[0], channels[1], min);
            Cv2.Min(min, channels[2], min);
            Cv2.Subtract(max, min, chroma);
            Cv2.Threshold(chroma, chroma, 2, 255, ThresholdTypes.Binary);
            return (double)Cv2.CountNonZero(chroma) / (bgr.Rows * bgr.Cols);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }
}

/// <summary>A page's size at the working resolution; <see cref="WholeFactor"/> ≥ 2 when it is the page shrunk by that whole factor (0 when by a fraction, 1 when not shrunk).</summary>
internal readonly record struct WorkingSize(int Width, int Height, int WholeFactor);
