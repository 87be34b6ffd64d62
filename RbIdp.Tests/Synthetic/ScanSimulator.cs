using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>Applies <see cref="ScanEffects"/> to an upright page and tracks where a point of the page ends up.</summary>
internal sealed class ScanSimulator(ScanEffects effects, Random random)
{
    /// <summary>Returns the scanned page (a new bitmap; the input is disposed) and moves <paramref name="tracked"/> along.</summary>
    public SKBitmap Apply(SKBitmap page, ref SKPoint? tracked)
    {
        if (effects.SkewDegrees != 0)
        {
            page = Transform(page, page.Width, page.Height, (float)effects.SkewDegrees, ref tracked);
        }

        if (effects.Rotation % 360 != 0)
        {
            var quarter = ((effects.Rotation % 360) + 360) % 360;
            var swap = quarter is 90 or 270;
            page = Transform(page, swap ? page.Height : page.Width, swap ? page.Width : page.Height, quarter, ref tracked);
        }

        if (effects.BlurSigma > 0)
        {
            page = Filter(page, new SKPaint { ImageFilter = SKImageFilter.CreateBlur((float)effects.BlurSigma, (float)effects.BlurSigma) });
        }

        if (effects.NoiseSigma > 0)
        {
            AddNoise(page, effects.NoiseSigma, random);
        }

        if (effects.Greyscale)
        {
            page = ToGrey(page);
        }

        if (effects.JpegQuality is { } quality)
        {
            page = ThroughJpeg(page, quality);
        }

        return page;
    }

    /// <summary>Gaussian noise on every colour channel, in place.</summary>
    public static void AddNoise(SKBitmap page, double sigma, Random random)
    {
        var table = new short[4096];
        for (var i = 0; i < table.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            table[i] = (short)Math.Round(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        var pixels = page.GetPixelSpan();
        var bytesPerPixel = page.BytesPerPixel;
        var state = (uint)random.Next(1, int.MaxValue);
        for (var i = 0; i < pixels.Length; i++)
        {
            if (bytesPerPixel == 4 && i % 4 == 3)
            {
                continue;
            }

            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            pixels[i] = (byte)Math.Clamp(pixels[i] + table[state & 4095], 0, 255);
        }
    }

    private static SKBitmap Transform(SKBitmap source, int width, int height, float degrees, ref SKPoint? tracked)
    {
        var target = PageLayout.WhitePage(width, height);
        using (var canvas = new SKCanvas(target))
        {
            canvas.Translate(width / 2f, height / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Translate(-source.Width / 2f, -source.Height / 2f);
            if (tracked is { } point)
            {
                tracked = canvas.TotalMatrix.MapPoint(point);
            }

            using var paint = new SKPaint { IsAntialias = true };
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        }

        source.Dispose();
        return target;
    }

    private static SKBitmap Filter(SKBitmap source, SKPaint paint)
    {
        using (paint)
        {
            var target = PageLayout.WhitePage(source.Width, source.Height);
            using (var canvas = new SKCanvas(target))
            using (var image = SKImage.FromBitmap(source))
            {
                canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default, paint);
            }

            source.Dispose();
            return target;
        }
    }

    private static SKBitmap ToGrey(SKBitmap source)
    {
        var grey = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(grey))
        {
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        }

        source.Dispose();
        return grey;
    }

    private static SKBitmap ThroughJpeg(SKBitmap source, int quality)
    {
        using var image = SKImage.FromBitmap(source);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        var decoded = SKBitmap.Decode(data) ?? throw new InvalidOperationException("SkiaSharp could not decode its own JPEG.");
        source.Dispose();
        return decoded;
    }
}
