using System.Runtime.InteropServices;
using OpenCvSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>A managed copy of a binary ink mask, for the many point look-ups of ring and frame checks.</summary>
internal sealed class InkMask
{
    private readonly byte[] _pixels;

    public InkMask(Mat mask)
    {
        Width = mask.Cols;
        Height = mask.Rows;
        _pixels = new byte[Width * Height];
        if (mask.IsContinuous())
        {
            Marshal.Copy(mask.Data, _pixels, 0, _pixels.Length);
        }
        else
        {
            for (var y = 0; y < Height; y++)
            {
                Marshal.Copy(mask.Ptr(y), _pixels, y * Width, Width);
            }
        }
    }

    public int Width { get; }

    public int Height { get; }

    public bool this[int x, int y] => x >= 0 && y >= 0 && x < Width && y < Height && _pixels[(y * Width) + x] != 0;

    /// <summary>Share of rays from (cx, cy) that meet ink within <paramref name="band"/> of radius <paramref name="r"/>.</summary>
    public double RingCoverage(double cx, double cy, double r, double band, int rays = 90)
    {
        var hits = 0;
        for (var i = 0; i < rays; i++)
        {
            var angle = 2 * Math.PI * i / rays;
            var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
            for (var d = r - band; d <= r + band; d += 1)
            {
                if (this[(int)Math.Round(cx + (d * cos)), (int)Math.Round(cy + (d * sin))])
                {
                    hits++;
                    break;
                }
            }
        }

        return (double)hits / rays;
    }

    /// <summary>Share of ink in the disc of radius <paramref name="r"/>, between <paramref name="from"/>·r and <paramref name="to"/>·r.</summary>
    public double AnnulusDensity(double cx, double cy, double r, double from, double to)
    {
        var (ink, all) = (0, 0);
        var step = Math.Max(1, (int)(r / 25));
        for (var y = (int)(cy - r); y <= cy + r; y += step)
        {
            for (var x = (int)(cx - r); x <= cx + r; x += step)
            {
                var d = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                if (d >= from * r && d <= to * r)
                {
                    all++;
                    ink += this[x, y] ? 1 : 0;
                }
            }
        }

        return all == 0 ? 0 : (double)ink / all;
    }

    /// <summary>Whether any ink lies within <paramref name="band"/> pixels of (x, y).</summary>
    public bool InkNear(double x, double y, int band)
    {
        var (cx, cy) = ((int)Math.Round(x), (int)Math.Round(y));
        for (var dy = -band; dy <= band; dy++)
        {
            for (var dx = -band; dx <= band; dx++)
            {
                if (this[cx + dx, cy + dy])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
