using System.Diagnostics;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Reads one page with the engines of the pool that are idle, so that a lone page uses every free core. The page is
/// cut across into bands where a row of paper runs blank from edge to edge (between lines of text, never through a
/// line, a ruled table or a picture), a few bands per engine with about as much ink each; the page's engine and the
/// borrowed ones take the bands one after another, each read as a page of its own on the same image
/// (<c>SetRectangle</c>: layout analysis and recognition within the band), and the bands' words are put back top to
/// bottom. A borrowed engine goes back after its current band as soon as another page waits for an engine, so under
/// load a page keeps one engine and the pool's throughput does not drop. With no idle engine, or a page with no blank
/// row to cut at (a photo with a dark background), the page is read whole, as <see cref="TesseractEngine.Read"/> does.
/// </summary>
/// <remarks>
/// Tesseract's own layout analysis (<c>AnalyseLayout</c>) was tried first as the place to cut: on the OCR bench's pages it
/// cost 0.58 CPU-s against 1.39 CPU-s for reading the whole page, on one engine before any other can start, and the
/// bands' reads do their layout again anyway; the ink profile costs a few milliseconds.
/// </remarks>
internal sealed class PageSplitter(OcrEnginePool pool)
{
    /// <summary>Bands per engine that could help: enough for the engines to finish together, few enough to keep each read's setup small.</summary>
    private const int BandsPerEngine = 3;

    public EngineReading Read(GrayImage image, int dpi, TesseractEngine engine, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(engine);
        if (pool.Size < 2 || pool.HasWaiters)
        {
            return engine.Read(image, dpi, deadline, cancellationToken);
        }

        var bands = Bands(image, dpi, pool.Size * BandsPerEngine);
        if (bands.Count < 2 || pool.TryRent() is not { } first)
        {
            return engine.Read(image, dpi, deadline, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var readings = new RegionReading?[bands.Count];
        var next = -1;
        void Work(TesseractEngine reader, bool borrowed)
        {
            while (!(borrowed && pool.HasWaiters))
            {
                var index = Interlocked.Increment(ref next);
                if (index >= bands.Count)
                {
                    return;
                }

                var left = deadline - Stopwatch.GetElapsedTime(started);
                readings[index] = left <= TimeSpan.Zero
                    ? new RegionReading([], 0, TimedOut: true)
                    : reader.Recognise(image, dpi, bands[index], left, cancellationToken);
            }
        }

        // Reading keeps a core busy: the helpers run on threads of their own, as the page's own reading does.
        var helpers = new List<Task> { Helper(() => first) };
        for (var i = 2; i < pool.Size; i++)
        {
            helpers.Add(Helper(pool.TryRent));
        }

        try
        {
            Work(engine, borrowed: false);
        }
        finally
        {
            // The page's engine read every band no helper took; wait for the helpers' last ones (and their faults).
            Task.WhenAll(helpers).GetAwaiter().GetResult();
        }

        var read = readings.Select(r => r!).ToList();
        var (text, words) = PageText.Compose(read.Select((r, i) => new PageText.Region(i, r.Words)));
        var letters = read.Select(r => r.Words.Sum(w => w.Text.Length)).ToList();
        var mean = letters.Sum() == 0 ? 0 : read.Select((r, i) => r.MeanConfidence * letters[i]).Sum() / letters.Sum();
        return new EngineReading(text, words, mean, read.Any(r => r.TimedOut));

        Task Helper(Func<OcrEnginePool.EngineLease?> rent) => Task.Factory.StartNew(
            () =>
            {
                if (rent() is { } lease)
                {
                    using (lease)
                    {
                        Work(lease.Engine, borrowed: true);
                    }
                }
            },
            CancellationToken.None, // a helper always runs, so the engine it was lent always goes back; its reads see the token
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Darker than this is ink (the page is already evened out and its blue ink dropped).</summary>
    private const byte InkLevel = 128;

    /// <summary>
    /// The page cut across into at most <paramref name="count"/> bands, top to bottom, with about as much ink each. A cut
    /// lies in the middle of a blank run of rows at least 1/60 inch high (a row is blank with at most a speck of ink per
    /// 400 pixels of its width); the first band starts at the top of the page and the last ends at its bottom. Fewer
    /// than two bands when the page has no such run between its ink.
    /// </summary>
    public static IReadOnlyList<PixelRect> Bands(GrayImage image, int dpi, int count)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = (image.Width, image.Height);
        var ink = new int[height];
        for (var y = 0; y < height; y++)
        {
            var row = image.Pixels.AsSpan(y * width, width);
            var dark = 0;
            for (var x = 0; x < width; x += 2)
            {
                dark += row[x] < InkLevel ? 1 : 0;
            }

            ink[y] = dark;
        }

        var speck = Math.Max(1, width / 2 / 400);
        var minGap = Math.Max(3, dpi / 60);
        var total = ink.Where(i => i > speck).Sum(i => (long)i);
        if (total == 0 || count < 2 || width < 3)
        {
            return [new PixelRect(0, 0, width, height)];
        }

        // Every possible cut, with the ink above it.
        var cuts = new List<(int Y, long InkAbove)>();
        long above = 0;
        var blankFrom = -1;
        for (var y = 0; y < height; y++)
        {
            if (ink[y] <= speck)
            {
                blankFrom = blankFrom < 0 ? y : blankFrom;
                continue;
            }

            if (blankFrom >= 0 && above > 0 && y - blankFrom >= minGap)
            {
                cuts.Add(((blankFrom + y) / 2, above));
            }

            blankFrom = -1;
            above += ink[y];
        }

        // For each share of the ink, the cut nearest to it; the same cut twice is one cut.
        var chosen = new SortedSet<int>();
        for (var k = 1; k < count && cuts.Count > 0; k++)
        {
            var target = total * k / count;
            chosen.Add(cuts.MinBy(c => Math.Abs(c.InkAbove - target)).Y);
        }

        // A band leaves out the page's outermost columns: Tesseract 5.3 misreads a rectangle as wide as the image
        // (every line came back as a few "О"s); one pixel of margin holds no text.
        var bands = new List<PixelRect>();
        var top = 0;
        foreach (var y in chosen)
        {
            bands.Add(new PixelRect(1, top, width - 1, y));
            top = y;
        }

        bands.Add(new PixelRect(1, top, width - 1, height));
        return bands;
    }
}
