namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Evens out the paper of a page lit unevenly — a phone photo with a shadow across it, a page darkening towards a
/// bent spine — so that Tesseract's global threshold does not turn the dark side into a black slab. The paper's
/// brightness is estimated on a coarse grid (the brightest pixels of each cell, spread over the neighbouring
/// cells so a cell of solid print still finds paper), and every pixel is divided by it: paper goes white, ink
/// keeps its contrast. A page whose paper is even (any scanner) is left exactly as it is.
/// </summary>
internal static class LightingCorrector
{
    /// <summary>Cell side at 300 DPI (≈2.7 mm: a text line's height, so most cells hold some paper).</summary>
    private const int CellAt300Dpi = 32;

    /// <summary>Paper brightness may differ this much (of 255) across the page before it is corrected.</summary>
    private const int UnevenSpread = 48;

    /// <summary>Paper darker than this is not paper (a photo, a black box): it is not brightened.</summary>
    private const int DarkestPaper = 40;

    /// <summary>The page with its paper evened out, or null when its lighting is even already.</summary>
    public static GrayImage? Correct(GrayImage image, int dpi)
    {
        ArgumentNullException.ThrowIfNull(image);
        var cell = Math.Max(8, CellAt300Dpi * Math.Max(dpi, 72) / 300);
        var (columns, rows) = ((image.Width + cell - 1) / cell, (image.Height + cell - 1) / cell);
        if (columns < 4 || rows < 4)
        {
            return null;
        }

        var paper = Spread(PaperOfCells(image, cell, columns, rows), columns, rows);
        var sorted = paper.Order().ToArray();
        var (low, high) = (sorted[sorted.Length / 20], sorted[sorted.Length * 19 / 20]);
        if (high - low < UnevenSpread)
        {
            return null;
        }

        return Divide(image, paper, cell, columns, rows);
    }

    /// <summary>Per cell, the 90th percentile brightness: paper, not ink, and not one bright speck of noise.</summary>
    private static byte[] PaperOfCells(GrayImage image, int cell, int columns, int rows)
    {
        var paper = new byte[columns * rows];
        Span<int> histogram = stackalloc int[256];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                histogram.Clear();
                var (x0, y0) = (column * cell, row * cell);
                var (x1, y1) = (Math.Min(image.Width, x0 + cell), Math.Min(image.Height, y0 + cell));
                for (var y = y0; y < y1; y += 2)
                {
                    var line = image.Pixels.AsSpan((y * image.Width) + x0, x1 - x0);
                    for (var x = 0; x < line.Length; x += 2)
                    {
                        histogram[line[x]]++;
                    }
                }

                var count = ((y1 - y0 + 1) / 2) * ((x1 - x0 + 1) / 2);
                var above = count / 10;
                var level = 255;
                for (var seen = histogram[255]; seen <= above && level > 0; seen += histogram[--level])
                {
                }

                paper[(row * columns) + column] = (byte)level;
            }
        }

        return paper;
    }

    /// <summary>The brightest of each cell's 5×5 neighbourhood, then a 3×3 mean: smooth paper, even under solid print.</summary>
    private static byte[] Spread(byte[] paper, int columns, int rows) =>
        Neighbourhoods(Neighbourhoods(paper, columns, rows, 2, brightest: true), columns, rows, 1, brightest: false);

    /// <summary>For each cell, the brightest or the mean of the cells within <paramref name="radius"/> (the edge repeated beyond the grid).</summary>
    private static byte[] Neighbourhoods(byte[] cells, int columns, int rows, int radius, bool brightest)
    {
        var result = new byte[cells.Length];
        var count = ((2 * radius) + 1) * ((2 * radius) + 1);
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var (max, sum) = (0, 0);
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        int value = cells[(Math.Clamp(row + dy, 0, rows - 1) * columns) + Math.Clamp(column + dx, 0, columns - 1)];
                        (max, sum) = (Math.Max(max, value), sum + value);
                    }
                }

                result[(row * columns) + column] = (byte)(brightest ? max : sum / count);
            }
        }

        return result;
    }

    /// <summary>Each pixel divided by the paper brightness at its place (bilinear between cell centres).</summary>
    private static GrayImage Divide(GrayImage image, byte[] paper, int cell, int columns, int rows)
    {
        var pixels = new byte[image.Pixels.Length];
        var scaled = new float[columns];
        for (var y = 0; y < image.Height; y++)
        {
            var fy = Math.Clamp(((y + 0.5f) / cell) - 0.5f, 0, rows - 1);
            var r0 = (int)fy;
            var r1 = Math.Min(rows - 1, r0 + 1);
            var wy = fy - r0;
            for (var c = 0; c < columns; c++)
            {
                var level = (paper[(r0 * columns) + c] * (1 - wy)) + (paper[(r1 * columns) + c] * wy);
                scaled[c] = 255f / Math.Max(DarkestPaper, level);
            }

            var source = image.Pixels.AsSpan(y * image.Width, image.Width);
            var target = pixels.AsSpan(y * image.Width, image.Width);
            for (var x = 0; x < source.Length; x++)
            {
                var fx = Math.Clamp(((x + 0.5f) / cell) - 0.5f, 0, columns - 1);
                var c0 = (int)fx;
                var gain = scaled[c0] + ((scaled[Math.Min(columns - 1, c0 + 1)] - scaled[c0]) * (fx - c0));
                target[x] = (byte)Math.Min(255f, source[x] * gain);
            }
        }

        return new GrayImage(image.Width, image.Height, pixels);
    }
}
