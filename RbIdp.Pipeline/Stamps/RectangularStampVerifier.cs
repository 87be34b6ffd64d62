using System.Globalization;
using OpenCvSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// Judges a closed ink frame as a rectangular stamp: the organisation's name and details in a (double) frame of
/// stamp size. Two look-alikes are refused by what they carry, not by size: a cell of a blue table, whose rules run
/// on past the frame's corners, and a registration stamp of the receiving office («Вх. № ___ от ___»), whose
/// inside is ruled with blanks to fill — long straight lines no printed line of text has.
/// </summary>
internal sealed class RectangularStampVerifier(StampDetectorOptions options)
{
    private const double MinFrame = 0.6;

    /// <summary>The frames among the outer contours of <paramref name="mask"/> that have a stamp's size, each judged.</summary>
    public IEnumerable<RectangleVerdict> Find(Mat mask, InkMask ink, double pxPerMm)
    {
        using var closed = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.MorphologyEx(mask, closed, MorphTypes.Close, kernel);
        Cv2.FindContours(closed, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);

        var verdicts = new List<RectangleVerdict>();
        var oversized = new List<Rect>();
        foreach (var contour in contours)
        {
            var box = Cv2.MinAreaRect(contour);
            switch (FrameSize(box, pxPerMm))
            {
                case FrameFit.Stamp:
                    var verdict = Verify(mask, ink, box, pxPerMm);
                    verdicts.Add(verdict);
                    if (verdict.Decision != StampCandidate.AcceptedDecision)
                    {
                        oversized.Add(box.BoundingRect()); // a refused outline may be a frame with a signature joined
                    }

                    break;
                case FrameFit.TooLarge:
                    oversized.Add(box.BoundingRect());
                    break;
            }
        }

        // A signature across a frame joins the two into one outline, refused or too large for a stamp. Inside it, what
        // stays of the ink when only straight horizontal and vertical strokes 5 mm long are kept (the way table rules
        // are found) is the frame without its letters and without the signature's curves, and its inside is a hole of
        // stamp size. Only there: a page without such an outline costs nothing more.
        if (oversized.Count > 0)
        {
            using var straight = StraightStrokes(closed, pxPerMm);
            Cv2.FindContours(straight, out var frames, out _, RetrievalModes.List, ContourApproximationModes.ApproxSimple);
            foreach (var contour in frames)
            {
                var box = Cv2.MinAreaRect(contour);
                var bounds = box.BoundingRect();
                if (FrameSize(box, pxPerMm) == FrameFit.Stamp && !verdicts.Any(v => SameFrame(v.Bounds, bounds)))
                {
                    verdicts.Add(Verify(mask, ink, box, pxPerMm));
                }
            }
        }

        // One verdict per frame (its outline, its inside, the outline with a signature joined): the best one stands for it.
        var kept = new List<RectangleVerdict>();
        foreach (var verdict in verdicts.OrderByDescending(v => v.Decision == StampCandidate.AcceptedDecision).ThenByDescending(v => v.Score))
        {
            if (!kept.Any(k => Overlap(k.Bounds, verdict.Bounds) > 0.85))
            {
                kept.Add(verdict);
            }
        }

        return kept;
    }

    private enum FrameFit
    {
        TooSmall,
        Stamp,
        TooLarge,
    }

    // A stamp's frame is 30–100 mm by 12–60 mm; an outline up to twice that may be a frame with a signature joined.
    private static FrameFit FrameSize(RotatedRect box, double pxPerMm)
    {
        var (longSide, shortSide) = (Math.Max(box.Size.Width, box.Size.Height) / pxPerMm, Math.Min(box.Size.Width, box.Size.Height) / pxPerMm);
        if (longSide is >= 30 and <= 100 && shortSide is >= 12 and <= 60 && longSide / shortSide <= 5)
        {
            return FrameFit.Stamp;
        }

        return longSide > 30 && longSide <= 200 && shortSide >= 12 && shortSide <= 120 ? FrameFit.TooLarge : FrameFit.TooSmall;
    }

    private static Mat StraightStrokes(Mat mask, double pxPerMm)
    {
        var length = Math.Max(5, (int)Math.Round(5 * pxPerMm));
        using var horizontal = new Mat();
        using var vertical = new Mat();
        using (var across = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(length, 1)))
        {
            Cv2.MorphologyEx(mask, horizontal, MorphTypes.Open, across);
        }

        using (var down = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(1, length)))
        {
            Cv2.MorphologyEx(mask, vertical, MorphTypes.Open, down);
        }

        var both = new Mat();
        Cv2.BitwiseOr(horizontal, vertical, both);
        return both;
    }

    // Two readings of one frame: nearly the same rectangle.
    private static bool SameFrame(Rect a, Rect b)
    {
        var common = a & b;
        var union = (double)Math.Max(a.Width * a.Height, b.Width * b.Height);
        return common.Width > 0 && common.Height > 0 && common.Width * common.Height / union > 0.9;
    }

    // The share of the smaller rectangle that the two have in common.
    private static double Overlap(Rect a, Rect b)
    {
        var common = a & b;
        return common.Width <= 0 || common.Height <= 0 ? 0 : (double)common.Width * common.Height / Math.Max(1, Math.Min(a.Width * a.Height, b.Width * b.Height));
    }

    private RectangleVerdict Verify(Mat mask, InkMask ink, RotatedRect box, double pxPerMm)
    {
        var corners = box.Points();
        var band = (int)Math.Ceiling(Math.Max(2, Math.Min(box.Size.Width, box.Size.Height) * 0.025));
        var (hits, samples) = (0, 0);
        var continuing = 0;
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = (corners[i], corners[(i + 1) % 4]);
            var length = Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y)));
            for (var t = 0.0; t <= length; t += 2)
            {
                samples++;
                hits += ink.InkNear(a.X + ((b.X - a.X) * t / length), a.Y + ((b.Y - a.Y) * t / length), band) ? 1 : 0;
            }

            // A table's rules go on past the cell's corners; a stamp's frame stops there.
            var (ux, uy) = ((b.X - a.X) / length, (b.Y - a.Y) / length);
            continuing += RunsOn(ink, b.X, b.Y, ux, uy, pxPerMm) ? 1 : 0;
            continuing += RunsOn(ink, a.X, a.Y, -ux, -uy, pxPerMm) ? 1 : 0;
        }

        var bounds = box.BoundingRect();
        var inner = Density(ink, bounds, 6);
        var margin = (int)Math.Ceiling(3 * pxPerMm);
        var around = new Rect(bounds.X - margin, bounds.Y - margin, bounds.Width + (2 * margin), bounds.Height + (2 * margin));
        var ringInk = (Density(ink, around, 0) * around.Width * around.Height) - (Density(ink, bounds, 0) * bounds.Width * bounds.Height);
        var outside = ringInk / Math.Max(1, (around.Width * around.Height) - (bounds.Width * bounds.Height));
        var frame = samples == 0 ? 0 : (double)hits / samples;
        var ruled = RuledLines(mask, box, pxPerMm);
        var cues = new Dictionary<string, double>
        {
            ["width_mm"] = Math.Round(bounds.Width / pxPerMm, 1),
            ["height_mm"] = Math.Round(bounds.Height / pxPerMm, 1),
            ["frame_coverage"] = Math.Round(frame, 3),
            ["inner_density"] = Math.Round(inner, 3),
            ["outside_density"] = Math.Round(outside, 3),
            ["lines_past_corners"] = continuing,
            ["ruled_lines_inside"] = ruled,
        };

        var score = Math.Round(Math.Clamp(0.5 + (0.5 * (frame - 0.8) / 0.2), 0, 1) * (frame >= MinFrame ? 1 : 0.8), 3);
        var refusal =
            frame < MinFrame ? F($"frame coverage {frame:F2} < {MinFrame:F2}")
            : continuing >= 2 ? F($"table cell: {continuing} frame lines run on past the corners")
            : outside > 0.2 ? F($"ink all around the frame (density {outside:F2} > 0.20)")
            : inner is < 0.02 or > 0.65 ? F($"no text inside the frame (ink density {inner:F2})")
            : ruled > 0 ? F($"registration stamp: {ruled} ruled blank(s) inside the frame")
            : score < options.MinScore ? F($"score {score:F2} < {options.MinScore:F2} (frame {frame:F2})")
            : null;
        return new RectangleVerdict(
            bounds,
            refusal is null ? score : Math.Min(score, Math.Round(options.MinScore - 0.001, 3)),
            refusal ?? StampCandidate.AcceptedDecision,
            cues);
    }

    /// <summary>Whether ink continues 1.5–4 mm beyond a corner along an edge's direction (most of those steps inked).</summary>
    private static bool RunsOn(InkMask ink, double x, double y, double ux, double uy, double pxPerMm)
    {
        var (inked, steps) = (0, 0);
        for (var d = 1.5 * pxPerMm; d <= 4 * pxPerMm; d += 1)
        {
            steps++;
            inked += ink.InkNear(x + (ux * d), y + (uy * d), 1) ? 1 : 0;
        }

        return steps > 0 && inked >= steps * 0.7;
    }

    /// <summary>
    /// Thin horizontal lines inside the frame (2.5 mm clear of it) at least 8 mm and a quarter of the width long:
    /// the blanks of a form to fill, which the lines of a stamp's text are not.
    /// </summary>
    private static int RuledLines(Mat mask, RotatedRect box, double pxPerMm)
    {
        // Straighten the frame first (long side horizontal): a stamp set at a slant has slanted rules.
        var (angle, size) = box.Size.Width >= box.Size.Height
            ? (box.Angle, new Size((int)box.Size.Width, (int)box.Size.Height))
            : (box.Angle + 90, new Size((int)box.Size.Height, (int)box.Size.Width));
        var around = box.BoundingRect() & new Rect(0, 0, mask.Cols, mask.Rows);
        if (around.Width < 2 || around.Height < 2)
        {
            return 0;
        }

        using var crop = new Mat(mask, around);
        var centre = new Point2f(box.Center.X - around.X, box.Center.Y - around.Y);
        using var rotation = Cv2.GetRotationMatrix2D(centre, angle, 1);
        using var turned = new Mat();
        Cv2.WarpAffine(crop, turned, rotation, crop.Size(), InterpolationFlags.Nearest);
        using var straight = new Mat();
        Cv2.GetRectSubPix(turned, size, centre, straight);

        var inset = (int)Math.Ceiling(2.5 * pxPerMm);
        var inside = new Rect(inset, inset, straight.Cols - (2 * inset), straight.Rows - (2 * inset));
        if (inside.Width < 8 * pxPerMm || inside.Height < 2)
        {
            return 0;
        }

        var length = (int)Math.Max(8 * pxPerMm, inside.Width * 0.25);
        using var region = new Mat(straight, inside);
        using var lines = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(length, 1));
        Cv2.MorphologyEx(region, lines, MorphTypes.Open, kernel);
        using var rows = new Mat();
        Cv2.Reduce(lines, rows, ReduceDimension.Column, ReduceTypes.Max, MatType.CV_8U);

        // A rule is a thin band of rows; bold text merged at this resolution makes bands as tall as its letters.
        var thickness = Math.Max(2, (int)Math.Ceiling(0.8 * pxPerMm));
        var (count, run, height) = (0, 0, rows.Rows);
        for (var y = 0; y <= height; y++)
        {
            if (y < height && rows.At<byte>(y, 0) != 0)
            {
                run++;
                continue;
            }

            count += run is > 0 && run <= thickness && ClearBeside(region, lines, y - run, y - 1) ? 1 : 0;
            run = 0;
        }

        return count;
    }

    /// <summary>
    /// Whether the paper is clear just above and just below the rule in rows <paramref name="top"/>…<paramref name="bottom"/>
    /// along its length: a line of small bold text merged into a bar at this resolution has ink beside it.
    /// </summary>
    private static bool ClearBeside(Mat region, Mat lines, int top, int bottom)
    {
        var width = region.Cols;
        var rows = region.Rows;
        var (above, below, length) = (0, 0, 0);
        for (var x = 0; x < width; x++)
        {
            var onRule = false;
            for (var y = top; y <= bottom && !onRule; y++)
            {
                onRule = lines.At<byte>(y, x) != 0;
            }

            if (!onRule)
            {
                continue;
            }

            length++;
            above += Inked(region, x, top - 2, top - 1, rows) ? 1 : 0;
            below += Inked(region, x, bottom + 1, bottom + 2, rows) ? 1 : 0;
        }

        return length > 0 && Math.Max(above, below) < length * 0.4;
    }

    private static bool Inked(Mat region, int x, int from, int to, int rows)
    {
        for (var y = Math.Max(0, from); y <= Math.Min(rows - 1, to); y++)
        {
            if (region.At<byte>(y, x) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Share of ink in <paramref name="bounds"/> shrunk by 1/<paramref name="inset"/> of its size on each side (0: not shrunk).</summary>
    private static double Density(InkMask ink, Rect bounds, int inset)
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

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A judged frame: its bounds, score, decision and cue values.</summary>
internal sealed record RectangleVerdict(Rect Bounds, double Score, string Decision, IReadOnlyDictionary<string, double> Cues);
