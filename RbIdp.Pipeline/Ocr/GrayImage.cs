using RbIdp.Pipeline.Decoding;
using SkiaSharp;

namespace RbIdp.Pipeline.Ocr;

/// <summary>An 8-bit grey page (0 = ink, 255 = paper), rows packed without padding: what Tesseract is fed.</summary>
internal sealed class GrayImage(int width, int height, byte[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public byte[] Pixels { get; } = pixels;

    public byte this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>
    /// Grey from a page bitmap with blue and violet ink dropped out: max(blue, luma), lightened further by how much
    /// blue stands above red and green, keeps black print and red or brown text dark while a blue stamp or
    /// signature fades to paper, so it no longer hides the text below. Black print under the ink stays black.
    /// </summary>
    public static GrayImage FromBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var (width, height) = (bitmap.Width, bitmap.Height);
        var pixels = new byte[width * height];
        var source = RasterDecoder.Pixels(bitmap);
        var rowBytes = bitmap.RowBytes;
        if (bitmap.ColorType == SKColorType.Gray8)
        {
            for (var y = 0; y < height; y++)
            {
                source.Slice(y * rowBytes, width).CopyTo(pixels.AsSpan(y * width, width));
            }

            return new GrayImage(width, height, pixels);
        }

        if (bitmap.ColorType != SKColorType.Bgra8888)
        {
            throw new ArgumentException($"Unsupported colour type {bitmap.ColorType}.", nameof(bitmap));
        }

        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * rowBytes, width * 4);
            var target = pixels.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                int b = row[x * 4], g = row[(x * 4) + 1], r = row[(x * 4) + 2];
                var luma = ((r * 77) + (g * 150) + (b * 29)) >> 8;
                var blueness = Math.Max(0, b - Math.Max(r, g));
                target[x] = (byte)Math.Min(255, Math.Max(b, luma) + blueness);
            }
        }

        return new GrayImage(width, height, pixels);
    }

    /// <summary>Resampled by <paramref name="scale"/> (bilinear; area-averaging when shrinking).</summary>
    public unsafe GrayImage Scale(double scale)
    {
        var width = Math.Max(1, (int)Math.Round(Width * scale));
        var height = Math.Max(1, (int)Math.Round(Height * scale));
        fixed (byte* source = Pixels)
        {
            using var input = new SKBitmap();
            var info = new SKImageInfo(Width, Height, SKColorType.Gray8, SKAlphaType.Opaque);
            input.InstallPixels(info, (IntPtr)source, Width);
            var sampling = scale < 1
                ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                : new SKSamplingOptions(SKFilterMode.Linear);
            using var output = input.Resize(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), sampling);
            return FromBitmap(output);
        }
    }

    /// <summary>Turned clockwise by a multiple of 90°.</summary>
    public GrayImage RotateQuarterTurns(int degreesClockwise)
    {
        var turns = ((degreesClockwise / 90 % 4) + 4) % 4;
        if (turns == 0)
        {
            return this;
        }

        var (width, height) = turns == 2 ? (Width, Height) : (Height, Width);
        var output = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (tx, ty) = turns switch
                {
                    1 => (Height - 1 - y, x),
                    2 => (Width - 1 - x, Height - 1 - y),
                    _ => (y, Width - 1 - x),
                };
                output[(ty * width) + tx] = Pixels[(y * Width) + x];
            }
        }

        return new GrayImage(width, height, output);
    }

    /// <summary>
    /// Turned by <paramref name="degrees"/> (positive: counter-clockwise on screen, which levels lines that rise
    /// by that angle to the right) about the centre, same size, bilinear, paper-white outside.
    /// </summary>
    public GrayImage Rotate(double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var (sin, cos) = Math.SinCos(radians);
        var (cx, cy) = ((Width - 1) / 2.0, (Height - 1) / 2.0);
        var output = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
        {
            var dy = y - cy;
            for (var x = 0; x < Width; x++)
            {
                var dx = x - cx;
                var sx = (dx * cos) + (dy * sin) + cx;
                var sy = (-dx * sin) + (dy * cos) + cy;
                output[(y * Width) + x] = Sample(sx, sy);
            }
        }

        return new GrayImage(Width, Height, output);
    }

    private byte Sample(double x, double y)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        if (x0 < 0 || y0 < 0 || x0 >= Width - 1 || y0 >= Height - 1)
        {
            return 255;
        }

        var fx = x - x0;
        var fy = y - y0;
        var i = (y0 * Width) + x0;
        var top = (Pixels[i] * (1 - fx)) + (Pixels[i + 1] * fx);
        var bottom = (Pixels[i + Width] * (1 - fx)) + (Pixels[i + Width + 1] * fx);
        return (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
    }
}
