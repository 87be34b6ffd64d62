using System.Globalization;
using OpenCvSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// Turns a rough circle (a Hough circle, an ink blob's extent) into the outline of a round seal and decides
/// whether it is one. The outline is fitted the way the seal is drawn: climb to the ring the rays from the centre
/// meet best, step out to the outermost concentric ring, then fit an ellipse to the outermost ink along each ray
/// (a photographed seal is an ellipse), dropping the rays a signature or stray ink pulls off. A seal is then
/// judged on several cues, not one threshold: how much of the outer ring is inked, whether text runs along the
/// inside of the ring all the way round, whether there is a second concentric ring, and whether the ring stands
/// out from the ink around it. A filled logo, a scribble or a blue line fails on at least one of them.
/// </summary>
internal sealed class RingVerifier(StampDetectorOptions options)
{
    private const double MinCoverage = 0.45;
    private const double MinVisible = 0.5;
    private const double MinAxisRatio = 0.6;
    private const double MaxFill = 0.75;
    private const double MinContrast = 0.3;
    private const double RoundAxisRatio = 0.93;

    /// <summary>Just outside a seal's edge there is paper (or print, which is not in the ink mask).</summary>
    private static readonly double[] OutsideScales = [1.12, 1.2, 1.35];

    private static readonly (int Dx, int Dy, int Dr)[] Neighbours =
    [
        (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1),
        (2, 0, 0), (-2, 0, 0), (0, 2, 0), (0, -2, 0), (0, 0, 2), (0, 0, -2),
    ];

    /// <summary>The seal outline that best explains the ink around a rough circle at (x, y) with radius r (pixels).</summary>
    public StampEllipse Fit(InkMask ink, double x, double y, double r, double pxPerMm)
    {
        var maxRadius = options.MaxDiameterMm / 2 * pxPerMm;
        var circle = Climb(ink, x, y, r);

        // The inner ring of a double-ring seal (or the circle round its centre) is a ring too: step out to the seal's edge.
        var own = ink.Coverage(circle, 1, Band(circle.A), 60).Coverage;
        for (var outer = maxRadius * 1.05; outer > circle.A * 1.08; outer -= 1)
        {
            var wider = circle with { A = outer, B = outer };
            if (ink.Coverage(wider, 1, Band(outer), 60).Coverage >= Math.Max(0.55, own * 0.85))
            {
                circle = Climb(ink, circle.X, circle.Y, outer);
                break;
            }
        }

        var ellipse = FitEllipse(ink, circle);
        return ellipse is { } e && ink.Coverage(e, 1, Band(e.MeanRadius), 120).Coverage >= ink.Coverage(circle, 1, Band(circle.A), 120).Coverage
            ? e
            : circle;
    }

    /// <summary>The cues of a fitted outline, its score (0.5 at the decision boundary) and the decision.</summary>
    public RingVerdict Verify(InkMask ink, StampEllipse outline, double pxPerMm)
    {
        var band = Band(outline.MeanRadius);
        var (ring, visible) = ink.Coverage(outline, 1, band, 120);
        var inner = 0.0;
        for (var scale = 0.55; scale <= 0.9; scale += 0.025)
        {
            inner = Math.Max(inner, ink.Coverage(outline, scale, Band(outline.MeanRadius * scale), 72).Coverage);
        }

        var (bandDensity, spread) = ink.Annulus(outline, 0.55, 0.92);
        var (centre, _) = ink.Annulus(outline, 0, 0.5, 8);
        var outside = OutsideScales.Average(scale => ink.Coverage(outline, scale, band, 72).Coverage);
        var diameter = 2 * outline.MeanRadius / pxPerMm;
        var cues = new Dictionary<string, double>
        {
            ["diameter_mm"] = Math.Round(diameter, 1),
            ["axis_ratio"] = Math.Round(outline.AxisRatio, 3),
            ["ring_coverage"] = Math.Round(ring, 3),
            ["on_page"] = Math.Round(visible, 3),
            ["inner_ring"] = Math.Round(inner, 3),
            ["text_along_ring"] = Math.Round(spread, 3),
            ["ring_band_density"] = Math.Round(bandDensity, 3),
            ["centre_density"] = Math.Round(centre, 3),
            ["outside_coverage"] = Math.Round(outside, 3),
        };

        var score = Math.Round(
            (0.35 * Ramp(ring, MinCoverage, 0.9))
            + (0.25 * Ramp(spread, 0.3, 0.8))
            + (0.2 * Ramp(inner, 0.4, 0.85))
            + (0.2 * Ramp(ring - outside, MinContrast, 0.75)), 3);
        var shape = outline.AxisRatio >= RoundAxisRatio ? StampShapeKind.Round : StampShapeKind.Elliptical;
        var refusal =
            diameter < options.MinDiameterMm || diameter > options.MaxDiameterMm ? F($"diameter {diameter:F0} mm outside {options.MinDiameterMm:F0}–{options.MaxDiameterMm:F0} mm")
            : outline.AxisRatio < MinAxisRatio ? F($"outline too flat for a seal seen at an angle (axes {outline.AxisRatio:F2} < {MinAxisRatio:F2})")
            : visible < MinVisible ? F($"only {visible:F2} of the ring on the page (< {MinVisible:F2})")
            : ring < MinCoverage ? F($"ring coverage {ring:F2} < {MinCoverage:F2}")
            : bandDensity > MaxFill || centre > MaxFill ? F($"filled shape, not a ring with text (ink density {Math.Max(bandDensity, centre):F2} > {MaxFill:F2}): a logo or a blot")
            : ring - outside < MinContrast ? F($"ring does not stand out from the ink around it (coverage {ring:F2}, outside {outside:F2})")
            : score < options.MinScore ? F($"score {score:F2} < {options.MinScore:F2} (ring {ring:F2}, text along ring {spread:F2}, inner ring {inner:F2})")
            : null;
        return new RingVerdict(outline, shape, refusal is null ? score : Math.Min(score, Math.Round(options.MinScore - 0.001, 3)), refusal ?? StampCandidate.AcceptedDecision, cues);
    }

    /// <summary>Hill-climbs centre and radius of a circle to the best-inked ring nearby.</summary>
    private static StampEllipse Climb(InkMask ink, double x, double y, double r)
    {
        var best = StampEllipse.Circle(x, y, r);
        var coverage = ink.Coverage(best, 1, Band(r), 48).Coverage;
        for (var step = 0; step < 30; step++)
        {
            var improved = false;
            foreach (var (dx, dy, dr) in Neighbours)
            {
                var next = StampEllipse.Circle(best.X + dx, best.Y + dy, best.A + dr);
                var c = ink.Coverage(next, 1, Band(next.A), 48).Coverage;
                if (c > coverage)
                {
                    (best, coverage, improved) = (next, c, true);
                }
            }

            if (!improved)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>An ellipse through the outermost ink on rays near the circle, refitted twice without the rays it misses.</summary>
    private static StampEllipse? FitEllipse(InkMask ink, StampEllipse circle)
    {
        const int Rays = 96;
        var points = new List<Point2f>(Rays);
        for (var i = 0; i < Rays; i++)
        {
            var angle = 2 * Math.PI * i / Rays;
            var (px, py) = (circle.X + (circle.A * Math.Cos(angle)), circle.Y + (circle.A * Math.Sin(angle)));
            if (px < 0 || py < 0 || px >= ink.Width || py >= ink.Height)
            {
                continue;
            }

            if (ink.OutermostInk(circle.X, circle.Y, angle, circle.A * 0.78, circle.A * 1.25) is { } d)
            {
                points.Add(new Point2f((float)(circle.X + (d * Math.Cos(angle))), (float)(circle.Y + (d * Math.Sin(angle)))));
            }
        }

        StampEllipse? fitted = null;
        for (var round = 0; round < 3 && points.Count >= Rays / 4; round++)
        {
            var box = Cv2.FitEllipse(points);
            if (!(box.Size.Width > 0 && box.Size.Height > 0))
            {
                return fitted;
            }

            var e = new StampEllipse(box.Center.X, box.Center.Y, box.Size.Width / 2, box.Size.Height / 2, box.Angle * Math.PI / 180);
            fitted = e;
            var tolerance = Math.Max(2, e.MeanRadius * 0.05);
            points = [.. points.Where(p => Math.Abs(e.Normalised(p.X, p.Y).Rho - 1) * e.MeanRadius <= tolerance * (round == 0 ? 2 : 1))];
        }

        return fitted;
    }

    private static double Band(double radius) => Math.Max(2, radius * 0.05);

    private static double Ramp(double value, double from, double to) => Math.Clamp((value - from) / (to - from), 0, 1);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A fitted seal outline with its shape, score, decision and cue values.</summary>
internal sealed record RingVerdict(StampEllipse Outline, StampShapeKind Shape, double Score, string Decision, IReadOnlyDictionary<string, double> Cues);
