using Microsoft.Extensions.Options;
using SkiaSharp;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// A page as Tesseract will see it, and what was done to get there. <paramref name="InkCells"/>: how many cells
/// of the page at ~100 DPI hold ink (a line of text has hundreds; a blank page none or a few specks).
/// </summary>
internal sealed record PreparedPage(GrayImage Image, int Dpi, int RotationDegrees, double SkewDegrees, int InkCells = int.MaxValue)
{
    /// <summary>The same page turned by a further <paramref name="degreesClockwise"/>.</summary>
    public PreparedPage Turned(int degreesClockwise) =>
        this with { Image = Image.RotateQuarterTurns(degreesClockwise), RotationDegrees = (RotationDegrees + degreesClockwise) % 360 };
}

/// <summary>
/// Gets a page image ready for reading: blue/violet ink dropped out (so a stamp does not hide the text under it),
/// resampled to the target resolution, uneven lighting evened out, turned upright and deskewed. Orientation is decided cheaply: ink
/// projections tell lines running across from lines running up or down; only a page whose lines run up or down
/// goes to Tesseract's orientation detection (on a half-size copy). An upside-down page reads badly, and
/// <see cref="FindUpsideDown"/> is what the reader asks then.
/// </summary>
internal sealed class PagePreprocessor(IOptions<OcrOptions> options)
{
    /// <summary>Resolutions within this ratio of the target are left as they are.</summary>
    private const double DpiTolerance = 0.15;

    /// <summary>OSD confidence below which the page is left as it is.</summary>
    private const float MinOrientationConfidence = 2f;

    /// <summary>Orientation detection runs on a copy at this resolution: the answer is as good, at a third of the cost.</summary>
    private const int OrientationDpi = 150;

    private readonly OcrOptions _options = options.Value;

    public PreparedPage Prepare(SKBitmap bitmap, int dpi, TesseractEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var image = GrayImage.FromBitmap(bitmap);
        var target = _options.TargetDpi;
        if (dpi > 0 && Math.Abs(dpi - target) > target * DpiTolerance)
        {
            image = image.Scale((double)target / dpi);
            dpi = target;
        }

        if (_options.EvenOutLighting && LightingCorrector.Correct(image, dpi) is { } evened)
        {
            image = evened;
        }

        var rotation = 0;
        var ink = SkewEstimator.Ink.Of(image, dpi);
        if (_options.DetectOrientation && SkewEstimator.LinesRunVertically(ink) && DetectTurn(image, dpi, engine, Sideways) is { } turn)
        {
            rotation = turn;
            image = image.RotateQuarterTurns(rotation);
            ink = SkewEstimator.Ink.Of(image, dpi);
        }

        var skew = 0.0;
        if (_options.Deskew)
        {
            skew = SkewEstimator.Estimate(ink);
            if (skew != 0)
            {
                image = image.Rotate(skew);
            }
        }

        return new PreparedPage(image, dpi, rotation, skew, ink.Points.Count);
    }

    /// <summary>The page turned by 180° when orientation detection says it is upside down; otherwise null.</summary>
    public PreparedPage? FindUpsideDown(PreparedPage page, TesseractEngine engine)
    {
        ArgumentNullException.ThrowIfNull(page);
        return _options.DetectOrientation && DetectTurn(page.Image, page.Dpi, engine, UprightOrUpsideDown) == 180 ? page.Turned(180) : null;
    }

    private static readonly int[] Sideways = [0, 90, 270];
    private static readonly int[] UprightOrUpsideDown = [0, 180];

    private static int? DetectTurn(GrayImage image, int dpi, TesseractEngine engine, IReadOnlyList<int> candidates)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var scale = Math.Min(1.0, (double)OrientationDpi / dpi);
        var copy = scale < 1 ? image.Scale(scale) : image;
        return engine.DetectOrientation(copy, (int)Math.Round(dpi * scale), candidates) is { RotateClockwise: not 0 } found &&
               found.Confidence >= MinOrientationConfidence
            ? found.RotateClockwise
            : null;
    }
}
