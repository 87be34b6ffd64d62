using OpenCvSharp;
using RbIdp.Pipeline.Verdicts;
using SkiaSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// Finds a blue or violet official stamp on a page image, the way the literature reads stamps (Micenková &amp;
/// van Beusekom 2011; Forczmański &amp; Markiewicz 2015): colour first, then shape. The page is analysed at about
/// 100 DPI: <see cref="InkSegmenter"/> white-balances it on its paper and keeps the blue-to-violet ink; round
/// candidates come from a Hough transform on that ink (it survives a signature crossing the seal) and from the
/// extent of stamp-sized ink blobs (it survives a seal half off the page or squeezed into an ellipse); each is
/// fitted and judged by <see cref="RingVerifier"/>; closed frames are judged by
/// <see cref="RectangularStampVerifier"/>. Every candidate, accepted or refused and why, is returned in
/// <see cref="StampFinding.Candidates"/>. A page without any colour gives <see cref="StampStatus.Unknown"/>,
/// never a silent "not found". Thread-safe: no shared mutable state; every native buffer is disposed before returning.
/// </summary>
internal sealed class StampDetector(StampDetectorOptions? options = null)
{
    private const double MmPerInch = 25.4;

    /// <summary>A page mostly of stamp-coloured ink is a photo of something else, not a printed page with a stamp on it.</summary>
    private const double MaxInkShare = 0.25;

    private readonly StampDetectorOptions _options = options ?? new StampDetectorOptions();

    /// <summary>The best finding over the pages of a document: a found stamp wins, then a colour page without one, then unknown; every page's candidates are kept.</summary>
    public StampFinding Detect(IEnumerable<(SKBitmap Page, int Dpi)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return Detect(pages.Select((p, i) => (p.Page, p.Dpi, i + 1)));
    }

    /// <summary>As <see cref="Detect(IEnumerable{ValueTuple{SKBitmap, int}})"/>, each page with its own number in the document (a text page between two scans has none).</summary>
    public StampFinding Detect(IEnumerable<(SKBitmap Page, int Dpi, int Number)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        StampFinding? best = null;
        var candidates = new List<StampCandidate>();
        foreach (var (page, dpi, number) in pages)
        {
            var finding = Detect(page, dpi, number);
            candidates.AddRange(finding.Candidates);
            if (finding.Status == StampStatus.Found && (best?.Status != StampStatus.Found || finding.Score > best.Score))
            {
                best = finding;
            }
            else if (finding.Status == StampStatus.NotFound && best?.Status != StampStatus.Found && (best?.Status != StampStatus.NotFound || finding.Score > best.Score))
            {
                best = finding;
            }
        }

        return (best ?? StampFinding.Unknown()) with { Candidates = candidates };
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
        var segmentation = InkSegmenter.Segment(bgr);
        using var raw = segmentation.Mask;
        using var mask = new Mat();

        // Speckle (JPEG chroma noise) is not ink; 2–3 px strokes survive a 3×3 median.
        Cv2.MedianBlur(raw, mask, 3);
        var pixels = (double)raw.Rows * raw.Cols;
        if (Cv2.CountNonZero(mask) > pixels * MaxInkShare)
        {
            return StampFinding.NotFound(0, pageNumber);
        }

        var pxPerMm = workingDpi / MmPerInch;
        var back = (double)page.Width / working.Width;
        var number = pageNumber ?? 1;
        var candidates = new List<StampCandidate>();

        // Rings are traced on the raw mask (a faded ring is thin and broken; the median would erase it), found on the clean one.
        using var rawInk = new InkMask(raw);
        var rings = new RingVerifier(_options);
        var seen = new List<RingVerdict>();
        foreach (var (x, y, r) in RoundCandidates(mask, pxPerMm).Take(_options.MaxCandidatesPerPage))
        {
            // A circle centred inside a seal already accepted is that seal's inner ring or text, not another seal.
            if (seen.Any(s => s.Decision == StampCandidate.AcceptedDecision && s.Outline.Normalised(x, y).Rho < 0.5))
            {
                continue;
            }

            var outline = rings.Fit(rawInk, x, y, r, pxPerMm);
            if (seen.Any(s => SameRing(s.Outline, outline)))
            {
                continue;
            }

            var verdict = rings.Verify(rawInk, outline, pxPerMm);
            seen.Add(verdict);
            candidates.Add(new StampCandidate(number, Scale(verdict.Outline.Bounds, raw, back), verdict.Shape, verdict.Score, verdict.Decision, verdict.Cues));
        }

        // Frames are found on the uncleaned mask: a 3×3 median can break a thin, worn frame line.
        foreach (var frame in new RectangularStampVerifier(_options).Find(raw, rawInk, pxPerMm).Take(_options.MaxCandidatesPerPage))
        {
            candidates.Add(new StampCandidate(number, Scale(frame.Bounds, raw, back), StampShapeKind.Rectangular, frame.Score, frame.Decision, frame.Cues));
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var best = candidates.FirstOrDefault(c => c.Accepted);
        return best is null
            ? StampFinding.NotFound(candidates.Count == 0 ? 0 : candidates[0].Score, pageNumber) with { Candidates = candidates }
            : new StampFinding(StampStatus.Found, best.Score, best.Box, pageNumber, best.Shape) { Candidates = candidates };
    }

    /// <summary>
    /// Rough circles where a seal may be: Hough circles on the ink (centre and radius from the ring's edges, even
    /// when a signature crosses it), then the extent of every stamp-sized ink blob (its rings and text merged by a
    /// closing), which still points at a seal cut by the page edge or seen at an angle.
    /// </summary>
    private List<(double X, double Y, double R)> RoundCandidates(Mat mask, double pxPerMm)
    {
        var minRadius = _options.MinDiameterMm / 2 * pxPerMm;
        var maxRadius = _options.MaxDiameterMm / 2 * pxPerMm;
        using var blurred = new Mat();
        Cv2.GaussianBlur(mask, blurred, new Size(5, 5), 1.5);
        var circles = Cv2.HoughCircles(blurred, HoughModes.Gradient, 1, minRadius, 100, 18, (int)(minRadius * 0.55), (int)Math.Ceiling(maxRadius));
        var found = new List<(double X, double Y, double R)>();
        found.AddRange(circles.Take(_options.MaxCandidatesPerPage / 2).Select(c => ((double)c.Center.X, (double)c.Center.Y, (double)c.Radius)));

        using var merged = new Mat();
        var size = Math.Max(3, (int)Math.Round(2 * pxPerMm) | 1);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(size, size));
        Cv2.MorphologyEx(mask, merged, MorphTypes.Close, kernel);
        Cv2.FindContours(merged, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        foreach (var contour in contours)
        {
            var box = Cv2.BoundingRect(contour);
            var cut = box.Left <= 1 || box.Top <= 1 || box.Right >= mask.Cols - 1 || box.Bottom >= mask.Rows - 1;
            var (large, small) = (Math.Max(box.Width, box.Height), Math.Min(box.Width, box.Height));
            if (large < 2 * minRadius * 0.8 || large > 2 * maxRadius * 1.3 || (!cut && small < large * 0.5) || small < minRadius * 0.8)
            {
                continue;
            }

            var r = large / 2.0;
            var (cx, cy) = (box.X + (box.Width / 2.0), box.Y + (box.Height / 2.0));

            // A seal cut by the page edge: its centre lies a radius in from the uncut side.
            if (cut && box.Width < box.Height)
            {
                cx = box.Left <= 1 ? box.Right - r : box.Left + r;
            }
            else if (cut && box.Height < box.Width)
            {
                cy = box.Top <= 1 ? box.Bottom - r : box.Top + r;
            }

            found.Add((cx, cy, r));
        }

        return found;
    }

    private static bool SameRing(StampEllipse a, StampEllipse b)
    {
        var distance = Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
        var ratio = a.MeanRadius / b.MeanRadius;
        return distance < 0.15 * Math.Max(a.MeanRadius, b.MeanRadius) && ratio is > 0.9 and < 1.1;
    }

    /// <summary>A working-resolution box, cut to the page, in the page's own pixels.</summary>
    private static BoundingBox Scale(Rect box, Mat page, double back)
    {
        var onPage = box & new Rect(0, 0, page.Cols, page.Rows);
        return new BoundingBox(
            (int)Math.Round(onPage.X * back), (int)Math.Round(onPage.Y * back),
            (int)Math.Round(onPage.Width * back), (int)Math.Round(onPage.Height * back));
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
