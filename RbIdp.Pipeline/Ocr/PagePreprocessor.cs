using Microsoft.Extensions.Options;
using SkiaSharp;

namespace RbIdp.Pipeline.Ocr;

/// <summary>A page as Tesseract will see it, and what was done to get there.</summary>
public sealed record PreparedPage(GrayImage Image, int Dpi, int RotationDegrees, double SkewDegrees);

/// <summary>
/// Gets a page image ready for reading: blue/violet ink dropped out (so a stamp does not hide the text under it),
/// resampled to the target resolution, turned upright (0/90/180/270) and deskewed.
/// </summary>
public sealed class PagePreprocessor(IOptions<OcrOptions> options)
{
    /// <summary>Resolutions within this ratio of the target are left as they are.</summary>
    private const double DpiTolerance = 0.15;

    /// <summary>OSD confidence below which the page is left as it is.</summary>
    private const float MinOrientationConfidence = 2f;

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

        var rotation = 0;
        if (_options.DetectOrientation && engine.DetectOrientation(image, dpi) is { } orientation &&
            orientation.RotateClockwise != 0 && orientation.Confidence >= MinOrientationConfidence)
        {
            rotation = orientation.RotateClockwise;
            image = image.RotateQuarterTurns(rotation);
        }

        var skew = 0.0;
        if (_options.Deskew)
        {
            skew = SkewEstimator.Estimate(image, dpi);
            if (skew != 0)
            {
                image = image.Rotate(skew);
            }
        }

        return new PreparedPage(image, dpi, rotation, skew);
    }
}
