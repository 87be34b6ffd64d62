using System.Diagnostics;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Reads one page with the engines of the pool that are idle, so that a lone page uses every free core. The page is
/// cut across into bands where a row of paper runs blank from edge to edge (between lines of text, never through a
/// line, a ruled table or a picture), a few bands per engine with about as much ink each; the page's engine and the
/// borrowed ones take the bands one after another, each read as a page of its own on the same image
/// (<c>SetRectangle</c>: layout analysis and recognition within the band), and the bands' words are put back top to
/// bottom. A borrowed engine goes back after its current band as soon as another page waits for an engine, so under
/// load a page keeps one engine and the pool's throughput does not drop. Only a page of plain lines of text is cut
/// (<see cref="Plan"/> says why another is not); that page, or any page when no engine is idle, is read whole by its engine.
/// </summary>
/// <remarks>
/// Tesseract's own layout analysis (<c>AnalyseLayout</c>) was tried first as the place to cut: on the OCR bench's pages it
/// cost 0.58 CPU-s against 1.39 CPU-s for reading the whole page, on one engine before any other can start, and the
/// bands' reads do their layout again anyway; the ink profile costs a few milliseconds.
/// </remarks>
public sealed class PageSplitter(OcrEnginePool pool)
{
    /// <summary>Bands per engine that could help: enough for the engines to finish together, few enough to keep each read's setup small.</summary>
    public const int BandsPerEngine = 3;

    /// <summary>
    /// Reads the page in the bands of <paramref name="plan"/> (made by <see cref="Plan"/> for <see cref="BandsPerEngine"/>
    /// bands per engine of the pool), or whole, within <paramref name="within"/>, when it is one band or no engine is idle.
    /// </summary>
    public EngineReading Read(GrayImage image, int dpi, SplitPlan plan, PixelRect? within, TesseractEngine engine, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(engine);
        var bands = plan.Bands;
        if (bands.Count < 2 || pool.Size < 2 || pool.HasWaiters || pool.TryRent() is not { } first)
        {
            return engine.Read(image, dpi, within, deadline, cancellationToken);
        }

        if (within is { } box)
        {
            bands = [.. bands.Select(b => new PixelRect(box.Left, Math.Max(b.Top, box.Top), box.Right, Math.Min(b.Bottom, box.Bottom)))];
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

    /// <summary>Fewer lines of text than this: too little to spread, and too little for a band to be laid out as the page is.</summary>
    private const int MinLines = 4;

    /// <summary>A run of ink rows this many times the typical line's height is not a line of text (see <see cref="SplitRefusal.TallInk"/>).</summary>
    private const double TallLine = 2.0;

    /// <summary>A blank stretch across a line this many times the typical line's height is a gutter between columns or fields.</summary>
    private const double ColumnGap = 3.0;

    /// <summary>
    /// The page cut across into at most <paramref name="count"/> bands, top to bottom, with about as much ink each, or
    /// one band (the whole page) with the reason it is not safe to cut. A band is laid out by Tesseract on its own
    /// evidence, so a page is cut only when that evidence is what the whole page gives: lines of text one under the
    /// other, each a single run of words across the page. A page with ink that is not a line of text (a signature
    /// or stamp over the lines, a picture, a ruled table, lines that touch because the page is a tilted or unevenly
    /// lit photo) or with a line that has a wide blank stretch in it (columns, a form's fields, "title … name" on
    /// one line) is read whole: there Tesseract's blocks and their order depend on everything around them (measured
    /// on the sample documents: a signer's name dropped, fields read in another order; bench/README.md).
    /// A cut lies in the middle of a blank run of rows at least 1/60 inch high (a row is blank with at most a speck
    /// of ink per 400 pixels of its width); the first band starts at the top of the page and the last ends at its bottom.
    /// </summary>
    public static SplitPlan Plan(GrayImage image, int dpi, int count)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = (image.Width, image.Height);
        var runs = Runs(image, Math.Max(1, width / 2 / 400));
        var ink = InkBox(runs, width, height, dpi);
        SplitPlan Whole(SplitRefusal why) => new([new PixelRect(0, 0, width, height)], why, ink);
        var heights = runs.Where(r => r.Height >= Math.Max(3, dpi / 50)).Select(r => r.Height).Order().ToList();
        if (count < 2 || width < 3 || heights.Count < MinLines)
        {
            return Whole(SplitRefusal.TooFewLines);
        }

        // A line of text is the runs of ink rows closer to each other than a quarter of a line (the dots of "ё" and "й"
        // above a line without capitals are a run of their own); what is shorter than half a line after that is a speck.
        var lineHeight = heights[heights.Count / 2];
        var lines = Merge(runs, lineHeight / 4);
        var text = lines.Where(l => l.Height >= lineHeight / 2).ToList();
        if (text.Count < MinLines)
        {
            return Whole(SplitRefusal.TooFewLines);
        }

        if (text.Any(l => l.Height > TallLine * lineHeight))
        {
            return Whole(SplitRefusal.TallInk);
        }

        if (text.Any(l => l.WidestGap > ColumnGap * lineHeight))
        {
            return Whole(SplitRefusal.Columns);
        }

        // Every possible cut, with the ink above it.
        var minGap = Math.Max(3, dpi / 60);
        var cuts = new List<(int Y, long InkAbove)>();
        long above = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            above += lines[i].Ink;
            if (i + 1 < lines.Count && lines[i + 1].Top - lines[i].Bottom >= minGap)
            {
                cuts.Add(((lines[i].Bottom + lines[i + 1].Top) / 2, above));
            }
        }

        // For each share of the ink, the cut nearest to it; the same cut twice is one cut.
        var chosen = new SortedSet<int>();
        for (var k = 1; k < count && cuts.Count > 0; k++)
        {
            var target = above * k / count;
            chosen.Add(cuts.MinBy(c => Math.Abs(c.InkAbove - target)).Y);
        }

        if (chosen.Count == 0)
        {
            return Whole(SplitRefusal.TooFewLines);
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
        return new SplitPlan(bands, SplitRefusal.None, ink);
    }

    /// <summary>Paper left around the ink when a page is read within its ink's bounds: Tesseract finds lines and blocks with a margin of paper around them.</summary>
    private const double InkMarginInches = 0.1;

    /// <summary>Below this share of the page's area saved, a page is read whole rather than within its ink's bounds.</summary>
    private const double MinCropSaving = 0.1;

    /// <summary>
    /// The ink's bounding box with 0.1 inch of paper around it, never touching the page's outermost columns (as for a band);
    /// null when that is (nearly) the whole page or the page has no ink.
    /// </summary>
    private static PixelRect? InkBox(List<InkLine> runs, int width, int height, int dpi)
    {
        if (runs.Count == 0)
        {
            return null;
        }

        var columns = runs[0].Columns.Length;
        int first = columns, last = -1;
        foreach (var run in runs)
        {
            var left = Array.IndexOf(run.Columns, true);
            first = left >= 0 ? Math.Min(first, left) : first;
            last = Math.Max(last, Array.LastIndexOf(run.Columns, true));
        }

        var margin = (int)Math.Ceiling(dpi * InkMarginInches);
        var box = new PixelRect(
            Math.Max(1, (2 * first) - margin),
            Math.Max(0, runs[0].Top - margin),
            Math.Min(width - 1, (2 * last) + 2 + margin),
            Math.Min(height, runs[^1].Bottom + margin));
        return box.Width <= 0 || box.Height <= 0 || (double)box.Width * box.Height > (1 - MinCropSaving) * width * height ? null : box;
    }

    /// <summary>The bands of <see cref="Plan"/>; one band when the page is not cut.</summary>
    public static IReadOnlyList<PixelRect> Bands(GrayImage image, int dpi, int count) => Plan(image, dpi, count).Bands;

    /// <summary>The runs of rows with ink (more than <paramref name="speck"/> dark pixels in every second column) and the columns they have ink in.</summary>
    private static List<InkLine> Runs(GrayImage image, int speck)
    {
        var (width, height) = (image.Width, image.Height);
        var runs = new List<InkLine>();
        var columns = new bool[(width + 1) / 2];
        long ink = 0;
        var from = -1;
        for (var y = 0; y <= height; y++)
        {
            var dark = 0;
            var row = y < height ? image.Pixels.AsSpan(y * width, width) : [];
            for (var x = 0; x < row.Length; x += 2)
            {
                dark += row[x] < InkLevel ? 1 : 0;
            }

            if (dark > speck)
            {
                for (var x = 0; x < row.Length; x += 2)
                {
                    columns[x / 2] |= row[x] < InkLevel;
                }

                from = from < 0 ? y : from;
                ink += dark;
            }
            else if (from >= 0)
            {
                runs.Add(new InkLine(from, y, ink, columns));
                (columns, ink, from) = (new bool[columns.Length], 0, -1);
            }
        }

        return runs;
    }

    /// <summary>The runs with those less than <paramref name="closer"/> rows apart joined into one.</summary>
    private static List<InkLine> Merge(List<InkLine> runs, int closer)
    {
        var lines = new List<InkLine>();
        foreach (var run in runs)
        {
            if (lines.Count > 0 && run.Top - lines[^1].Bottom < closer)
            {
                var last = lines[^1];
                lines[^1] = new InkLine(last.Top, run.Bottom, last.Ink + run.Ink, [.. last.Columns.Zip(run.Columns, (a, b) => a || b)]);
            }
            else
            {
                lines.Add(run);
            }
        }

        return lines;
    }

    /// <summary>Rows <see cref="Top"/> to <see cref="Bottom"/> (exclusive) with ink, and which of every second column of the page has ink in them.</summary>
    private sealed record InkLine(int Top, int Bottom, long Ink, bool[] Columns)
    {
        public int Height => Bottom - Top;

        /// <summary>The widest blank stretch between the line's first and last ink, in pixels.</summary>
        public int WidestGap
        {
            get
            {
                int widest = 0, run = 0;
                var seenInk = false;
                foreach (var ink in Columns)
                {
                    if (ink)
                    {
                        widest = seenInk ? Math.Max(widest, run) : widest;
                        (run, seenInk) = (0, true);
                    }
                    else
                    {
                        run++;
                    }
                }

                return 2 * widest;
            }
        }
    }
}

/// <summary>Why a page is read whole rather than cut into bands.</summary>
public enum SplitRefusal
{
    /// <summary>The page is cut.</summary>
    None,

    /// <summary>Fewer than a few lines of text, or no blank row between them to cut at (a photo with a dark edge or background).</summary>
    TooFewLines,

    /// <summary>Ink taller than a line of text: a signature or stamp across lines, a picture, a ruled table, or lines that touch (a tilted or unevenly lit photo).</summary>
    TallInk,

    /// <summary>A line with a wide blank stretch in it: columns, a form's fields, a title and a name far apart on one line.</summary>
    Columns,
}

/// <summary>
/// The bands a page is read in, top to bottom, and why it is read whole when it is one band; <paramref name="Ink"/>: the
/// bounds of its ink with a margin of paper, null when they are (nearly) the whole page.
/// </summary>
public sealed record SplitPlan(IReadOnlyList<PixelRect> Bands, SplitRefusal Refusal, PixelRect? Ink);
