using System.Buffers;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// A managed copy of a binary ink mask, for the many point look-ups of ring and frame checks; in an array rented from
/// the shared pool (a page's mask is a large-object allocation) and given back on dispose.
/// </summary>
internal sealed class InkMask : IDisposable
{
    private byte[] _pixels;

    public InkMask(Mat mask)
    {
        Width = mask.Cols;
        Height = mask.Rows;
        _pixels = ArrayPool<byte>.Shared.Rent(Width * Height);
        if (mask.IsContinuous())
        {
            Marshal.Copy(mask.Data, _pixels, 0, Width * Height);
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

    public void Dispose()
    {
        var pixels = Interlocked.Exchange(ref _pixels, []);
        if (pixels.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    public bool this[int x, int y] => x >= 0 && y >= 0 && x < Width && y < Height && _pixels[(y * Width) + x] != 0;

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

    /// <summary>
    /// Share of the outline's rays (from the centre through points spread evenly in t) that meet ink within
    /// <paramref name="band"/> pixels of the outline scaled by <paramref name="scale"/>, counted over the rays whose
    /// point lies on the page; and the share of such rays (1: the whole outline is on the page).
    /// </summary>
    public (double Coverage, double Visible) Coverage(StampEllipse outline, double scale, double band, int rays = 90)
    {
        var (hits, visible) = (0, 0);
        for (var i = 0; i < rays; i++)
        {
            var (x, y) = outline.PointAt(2 * Math.PI * i / rays, scale);
            if (x < 0 || y < 0 || x >= Width || y >= Height)
            {
                continue;
            }

            visible++;
            var (dx, dy) = (x - outline.X, y - outline.Y);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            if (length < 1)
            {
                continue;
            }

            var (ux, uy) = (dx / length, dy / length);
            for (var d = length - band; d <= length + band; d += 1)
            {
                if (this[(int)Math.Round(outline.X + (d * ux)), (int)Math.Round(outline.Y + (d * uy))])
                {
                    hits++;
                    break;
                }
            }
        }

        return visible == 0 ? (0, 0) : ((double)hits / visible, (double)visible / rays);
    }

    /// <summary>
    /// Ink in the ring between <paramref name="from"/> and <paramref name="to"/> (outline units) of the page part:
    /// its density, and the share of <paramref name="sectors"/> angular sectors that hold some ink (text set along
    /// a seal's ring fills nearly all of them; a signature crossing it, a few).
    /// </summary>
    public (double Density, double Spread) Annulus(StampEllipse outline, double from, double to, int sectors = 24)
    {
        var bounds = outline.Bounds;
        var step = Math.Max(1, (int)(outline.MeanRadius / 40));
        var inkPerSector = new int[sectors];
        var allPerSector = new int[sectors];
        for (var y = Math.Max(0, bounds.Top); y <= Math.Min(Height - 1, bounds.Bottom); y += step)
        {
            for (var x = Math.Max(0, bounds.Left); x <= Math.Min(Width - 1, bounds.Right); x += step)
            {
                var (rho, t) = outline.Normalised(x, y);
                if (rho < from || rho > to)
                {
                    continue;
                }

                var sector = Math.Min(sectors - 1, (int)((t + Math.PI) / (2 * Math.PI) * sectors));
                allPerSector[sector]++;
                inkPerSector[sector] += this[x, y] ? 1 : 0;
            }
        }

        var (ink, all, counted, inked) = (0, 0, 0, 0);
        for (var i = 0; i < sectors; i++)
        {
            ink += inkPerSector[i];
            all += allPerSector[i];
            if (allPerSector[i] >= 4)
            {
                counted++;
                inked += inkPerSector[i] >= Math.Max(2, allPerSector[i] * 0.02) ? 1 : 0;
            }
        }

        return (all == 0 ? 0 : (double)ink / all, counted == 0 ? 0 : (double)inked / counted);
    }

    /// <summary>Distance from (x, y) along the direction <paramref name="angle"/> to the farthest ink between <paramref name="from"/> and <paramref name="to"/>, or null.</summary>
    public double? OutermostInk(double x, double y, double angle, double from, double to)
    {
        var (ux, uy) = (Math.Cos(angle), Math.Sin(angle));
        for (var d = to; d >= from; d -= 1)
        {
            if (this[(int)Math.Round(x + (d * ux)), (int)Math.Round(y + (d * uy))])
            {
                return d;
            }
        }

        return null;
    }
}
