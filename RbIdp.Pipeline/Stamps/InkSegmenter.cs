using OpenCvSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// Separates blue and violet stamp ink from paper, black print and other colours (after Micenková &amp; van
/// Beusekom: colour, not shape, first). The page is first white-balanced on its own paper (the median colour of
/// its brightest pixels), which removes a phone photo's colour cast; ink is then a pixel whose CIE Lab chroma
/// stands out of the paper's chroma noise with a blue-to-violet hue (b* clearly negative, a* anywhere from a
/// little green to magenta). Black text has no chroma and stays out; faint, washed-out or scanned ink keeps its
/// hue even when its saturation is low. Thresholds follow the page's own noise, with hysteresis: pale ink
/// counts only where it touches clearly coloured ink, so JPEG colour bleeding around black letters does not.
/// </summary>
internal sealed class InkSegmenter
{
    // Hue window in degrees of atan2(b*, a*): blue ≈ −95…−60, violet ≈ −50…−30; cyan-green and red lie outside.
    private const double MinHue = -128;
    private const double MaxHue = -22;

    /// <summary>Chroma (Lab units) below which no pixel counts as ink, whatever the page's noise.</summary>
    private const double MinWeakChroma = 7;

    /// <summary>Pixels darker than this (Lab L, 0–255) are print or shadow whose hue is not to be trusted.</summary>
    private const int MinLightness = 35;

    /// <summary>
    /// The white-balanced ink mask of a BGR page; the caller disposes <see cref="InkSegmentation.Mask"/>. The pixels
    /// are read in place (no managed copy of the page, its Lab image or its labels): a page at the working resolution
    /// is a million pixels, and each full-size array was a large-object allocation per page.
    /// </summary>
    public static InkSegmentation Segment(Mat bgr)
    {
        var (width, height) = (bgr.Cols, bgr.Rows);
        using var copy = bgr.IsContinuous() ? null : bgr.Clone();
        var paper = PaperColour((copy ?? bgr).AsSpan<byte>());
        var gains = paper.Select(c => Math.Clamp(240.0 / Math.Max(1, c), 0.8, 2.5)).ToArray();

        using var balanced = new Mat();
        Cv2.Multiply(copy ?? bgr, new Scalar(gains[0], gains[1], gains[2]), balanced);
        using var lab = new Mat();
        Cv2.CvtColor(balanced, lab, ColorConversionCodes.BGR2Lab);
        ReadOnlySpan<byte> labPixels = lab.AsSpan<byte>();
        var count = width * height;

        // The paper's chroma noise from the light, low-chroma majority.
        var noise = new int[64];
        for (var i = 0; i < count; i++)
        {
            if (labPixels[3 * i] > 150)
            {
                noise[Math.Min(63, (int)Chroma(labPixels, i))]++;
            }
        }

        var (median, spread) = MedianAndSpread(noise);
        var weak = Math.Max(MinWeakChroma, median + (4 * spread));
        var strong = Math.Max(weak * 1.8, 14);

        // Weak ink: coloured enough, light enough, and of a blue-to-violet hue (the hue only of such pixels).
        using var weakMat = new Mat(height, width, MatType.CV_8UC1);
        var weakBytes = weakMat.AsSpan<byte>();
        for (var i = 0; i < count; i++)
        {
            var (l, a, b) = (labPixels[3 * i], labPixels[(3 * i) + 1] - 128, labPixels[(3 * i) + 2] - 128);
            var blueish = false;
            if (Chroma(labPixels, i) >= weak && l >= MinLightness && b < 0)
            {
                var hue = Math.Atan2(b, a) * 180 / Math.PI;
                blueish = hue is >= MinHue and <= MaxHue;
            }

            weakBytes[i] = blueish ? (byte)255 : (byte)0;
        }

        // Hysteresis: a weak blob counts only when some of it is strongly coloured.
        using var labels = new Mat();
        var blobs = Cv2.ConnectedComponents(weakMat, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var keep = new bool[blobs];
        ReadOnlySpan<int> labelValues = labels.AsSpan<int>();
        for (var i = 0; i < count; i++)
        {
            if (weakBytes[i] != 0 && Chroma(labPixels, i) >= strong)
            {
                keep[labelValues[i]] = true;
            }
        }

        var mask = new Mat(height, width, MatType.CV_8UC1);
        var maskBytes = mask.AsSpan<byte>();
        for (var i = 0; i < count; i++)
        {
            maskBytes[i] = labelValues[i] != 0 && keep[labelValues[i]] ? (byte)255 : (byte)0;
        }

        return new InkSegmentation(mask, paper, weak, strong);
    }

    /// <summary>A pixel's chroma in Lab units (distance of a*, b* from grey).</summary>
    private static float Chroma(ReadOnlySpan<byte> lab, int i)
    {
        var (a, b) = (lab[(3 * i) + 1] - 128, lab[(3 * i) + 2] - 128);
        return MathF.Sqrt((a * a) + (b * b));
    }

    /// <summary>The paper's BGR colour: per channel, the median over the brightest third of the page.</summary>
    private static double[] PaperColour(ReadOnlySpan<byte> bgr)
    {
        var count = bgr.Length / 3;
        var luma = new int[256];
        for (var i = 0; i < count; i++)
        {
            luma[Luma(bgr, i)]++;
        }

        var cut = 255;
        for (var seen = 0; cut > 0 && seen < count / 3; cut--)
        {
            seen += luma[cut];
        }

        var histograms = new int[3, 256];
        var selected = 0;
        for (var i = 0; i < count; i++)
        {
            if (Luma(bgr, i) > cut)
            {
                selected++;
                for (var c = 0; c < 3; c++)
                {
                    histograms[c, bgr[(3 * i) + c]]++;
                }
            }
        }

        var paper = new double[3];
        for (var c = 0; c < 3; c++)
        {
            var (seen, value) = (0, 0);
            while (value < 255 && seen + histograms[c, value] <= selected / 2)
            {
                seen += histograms[c, value++];
            }

            paper[c] = Math.Max(value, 1);
        }

        return paper;
    }

    private static int Luma(ReadOnlySpan<byte> bgr, int i) => ((29 * bgr[3 * i]) + (150 * bgr[(3 * i) + 1]) + (77 * bgr[(3 * i) + 2])) >> 8;

    /// <summary>Median and a robust spread (half the 25–75 % range, at least 1) of a chroma histogram.</summary>
    private static (double Median, double Spread) MedianAndSpread(int[] histogram)
    {
        var total = histogram.Sum();
        if (total == 0)
        {
            return (0, 1);
        }

        double Quantile(double q)
        {
            var (seen, value) = (0, 0);
            while (value < histogram.Length - 1 && seen + histogram[value] < q * total)
            {
                seen += histogram[value++];
            }

            return value;
        }

        return (Quantile(0.5), Math.Max(1, (Quantile(0.75) - Quantile(0.25)) / 2));
    }
}

/// <summary>The ink mask of a page (255: stamp-coloured ink) with the paper colour and chroma thresholds it came from.</summary>
internal sealed record InkSegmentation(Mat Mask, double[] PaperBgr, double WeakChroma, double StrongChroma);
