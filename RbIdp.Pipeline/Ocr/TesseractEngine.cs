using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using RbIdp.Pipeline.Native;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Ocr;

/// <summary>What one engine read on one page: words with confidences and boxes, already folded.</summary>
public sealed record EngineReading(string Text, IReadOnlyList<OcrWord> Words, double MeanConfidence, bool TimedOut);

/// <summary>What one engine read in a region of a page (or the whole page): its words as Tesseract numbered them, and their mean confidence.</summary>
internal sealed record RegionReading(IReadOnlyList<TsvWord> Words, double MeanConfidence, bool TimedOut);

/// <summary>A word of Tesseract's TSV, with the block, paragraph and line numbers of the region it was read in.</summary>
internal readonly record struct TsvWord(string Text, float Confidence, BoundingBox Box, int Block, int Paragraph, int Line);

/// <summary>A rectangle of page pixels; <see cref="Right"/> and <see cref="Bottom"/> are exclusive.</summary>
public readonly record struct PixelRect(int Left, int Top, int Right, int Bottom)
{
    public int Width => Right - Left;

    public int Height => Bottom - Top;
}

/// <summary>A page orientation: the clockwise turn that makes the page upright, and how clearly it won.</summary>
public readonly record struct PageOrientation(int RotateClockwise, float Confidence);

/// <summary>
/// One Tesseract instance (rus+eng, LSTM) through the C API. Not thread-safe: rent it from <see cref="OcrEnginePool"/>.
/// </summary>
public sealed class TesseractEngine : IDisposable
{
    private readonly TessBaseApiHandle _api;
    private static readonly TimeSpan OrientationDeadline = TimeSpan.FromSeconds(5);
    private const int MinLettersForOrientation = 20;

    public TesseractEngine(string languages, string? tessdataPath)
    {
        NativeEnvironment.LimitOpenMpThreads();
        NativeEnvironment.LimitMallocArenas();
        _api = CreateApi(tessdataPath, languages, TesseractApi.OemLstmOnly)
            ?? throw new InvalidOperationException($"Tesseract could not load '{languages}' from {tessdataPath ?? "the default tessdata"}.");
        TesseractApi.TessBaseAPISetPageSegMode(_api, TesseractApi.PsmAuto);
    }

    /// <summary>Reads an 8-bit grey page. Stops at <paramref name="deadline"/> or when <paramref name="cancellationToken"/> fires.</summary>
    public EngineReading Read(GrayImage image, int dpi, TimeSpan deadline, CancellationToken cancellationToken) =>
        Read(image, dpi, null, deadline, cancellationToken);

    /// <summary>Reads an 8-bit grey page, or only the part of it within <paramref name="within"/> (word boxes stay in page pixels).</summary>
    public EngineReading Read(GrayImage image, int dpi, PixelRect? within, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var region = Recognise(image, dpi, within, deadline, cancellationToken);
        var (text, words) = PageText.Compose([new PageText.Region(0, region.Words)]);
        return new EngineReading(text, words, region.MeanConfidence, region.TimedOut);
    }

    /// <summary>
    /// Reads the whole page, or one region of it (Tesseract's <c>SetRectangle</c>; word boxes stay in page pixels): layout
    /// analysis, then every text block, as for a page (within a region too: rules are removed and pictures left unread).
    /// </summary>
    internal unsafe RegionReading Recognise(GrayImage image, int dpi, PixelRect? region, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var monitor = TesseractApi.TessMonitorCreate();
        var token = new CancellationBox(cancellationToken);
        var tokenHandle = GCHandle.Alloc(token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            TesseractApi.TessMonitorSetCancelFunc(monitor, &IsCancelled);
            TesseractApi.TessMonitorSetCancelThis(monitor, GCHandle.ToIntPtr(tokenHandle));
            TesseractApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Clamp(deadline.TotalMilliseconds, 1, int.MaxValue));
            SetImage(image, dpi);
            if (region is { } r)
            {
                TesseractApi.TessBaseAPISetRectangle(_api, r.Left, r.Top, r.Width, r.Height);
            }

            var status = TesseractApi.TessBaseAPIRecognize(_api, monitor);
            cancellationToken.ThrowIfCancellationRequested();
            var timedOut = Stopwatch.GetElapsedTime(started) >= deadline;
            if (status != 0 && !timedOut)
            {
                throw new InvalidOperationException($"Tesseract failed to recognise the page (status {status}).");
            }

            var tsv = TesseractApi.TakeText(TesseractApi.TessBaseAPIGetTsvText(_api, 0));
            return new RegionReading(ParseTsv(tsv), TesseractApi.TessBaseAPIMeanTextConf(_api), timedOut);
        }
        finally
        {
            TesseractApi.TessBaseAPIClear(_api);
            tokenHandle.Free();
        }
    }

    /// <summary>Gives Tesseract the page (it copies the pixels) at its resolution.</summary>
    private unsafe void SetImage(GrayImage image, int dpi)
    {
        fixed (byte* pixels = image.Pixels)
        {
            TesseractApi.TessBaseAPISetImage(_api, pixels, image.Width, image.Height, 1, image.Width);
        }

        TesseractApi.TessBaseAPISetSourceResolution(_api, dpi);
    }

    /// <summary>
    /// The clockwise quarter turn that makes the page upright, or null when the page reads best as it is or too
    /// little text can be read to tell. The page is read at each quarter turn by the LSTM engine and the turn
    /// with the most confidently read letters wins; its confidence is how far it leads the runner-up.
    /// Tesseract's own OSD (the legacy engine) is not used: in 5.3 it can write out of bounds on some pages
    /// (tesseract-ocr/tesseract#4062) and crashed the test host here.
    /// </summary>
    public PageOrientation? DetectOrientation(GrayImage image, int dpi, IReadOnlyList<int> candidates)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(candidates);
        var scores = candidates
            .Select(turn => (Turn: turn, Score: ConfidentLetters(Read(image.RotateQuarterTurns(turn), dpi, OrientationDeadline, CancellationToken.None))))
            .OrderByDescending(c => c.Score)
            .ToList();
        if (scores.Count == 0 || scores[0].Score < MinLettersForOrientation)
        {
            return null;
        }

        var runnerUp = scores.Count > 1 ? Math.Max(scores[1].Score, 1) : 1;
        return new PageOrientation(scores[0].Turn % 360, (float)scores[0].Score / runnerUp);
    }

    private static int ConfidentLetters(EngineReading reading) =>
        reading.Words.Where(w => w.Confidence >= 60).Sum(w => w.Text.Count(char.IsLetter));

    public void Dispose()
    {
        _api.Dispose();
    }

    private static readonly Lock InitLock = new();

    private static TessBaseApiHandle? CreateApi(string? tessdata, string languages, int oem)
    {
        // Init reads configs into shared parameter tables: one engine at a time.
        using var initializing = InitLock.EnterScope();
        var api = TesseractApi.TessBaseAPICreate();
        if (api.IsInvalid || TesseractApi.TessBaseAPIInit2(api, tessdata, languages, oem) != 0)
        {
            api.Dispose();
            return null;
        }

        // No SetVariable("debug_file", …) here: it is one of Tesseract's process-wide parameters, and writing it
        // while another engine recognises a page races with that engine (the suspected cause of a test-host crash).
        return api;
    }

    [UnmanagedCallersOnly]
    private static byte IsCancelled(IntPtr state, int words) =>
        GCHandle.FromIntPtr(state).Target is CancellationBox { Token.IsCancellationRequested: true } ? (byte)1 : (byte)0;

    /// <summary>
    /// Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, confidence, text.
    /// Level 5 rows are words, folded here; empty ones are left out.
    /// </summary>
    internal static IReadOnlyList<TsvWord> ParseTsv(string tsv)
    {
        var words = new List<TsvWord>();
        foreach (var row in tsv.Split('\n'))
        {
            var fields = row.Split('\t');
            if (fields.Length < 12 || fields[0] != "5")
            {
                continue;
            }

            var word = HomoglyphFolder.Fold(fields[11].Trim());
            if (word.Length == 0)
            {
                continue;
            }

            var box = new BoundingBox(Int(fields[6]), Int(fields[7]), Int(fields[8]), Int(fields[9]));
            var confidence = float.Parse(fields[10], CultureInfo.InvariantCulture);
            words.Add(new TsvWord(word, confidence, box, Int(fields[2]), Int(fields[3]), Int(fields[4])));
        }

        return words;
    }

    private static int Int(string field) => int.Parse(field, CultureInfo.InvariantCulture);

    private sealed class CancellationBox(CancellationToken token)
    {
        public CancellationToken Token { get; } = token;
    }
}
