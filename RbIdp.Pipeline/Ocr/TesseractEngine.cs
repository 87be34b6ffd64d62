using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RbIdp.Pipeline.Ocr.Native;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Ocr;

/// <summary>What one engine read on one page: words with confidences and boxes, already folded.</summary>
public sealed record EngineReading(string Text, IReadOnlyList<OcrWord> Words, double MeanConfidence, bool TimedOut);

/// <summary>A page orientation found by Tesseract's OSD: the clockwise turn that makes the page upright.</summary>
public readonly record struct PageOrientation(int RotateClockwise, float Confidence);

/// <summary>
/// One Tesseract instance (rus+eng, LSTM) through the C API. Not thread-safe: rent it from <see cref="OcrEnginePool"/>.
/// </summary>
public sealed class TesseractEngine : IDisposable
{
    private readonly TessBaseApiHandle _api;
    private readonly string? _tessdata;
    private TessBaseApiHandle? _osd;
    private bool _osdUnavailable;

    public TesseractEngine(string languages, string? tessdataPath)
    {
        NativeEnvironment.LimitOpenMpThreads();
        _tessdata = tessdataPath;
        _api = CreateApi(tessdataPath, languages, TesseractApi.OemLstmOnly)
            ?? throw new InvalidOperationException($"Tesseract could not load '{languages}' from {tessdataPath ?? "the default tessdata"}.");
        TesseractApi.TessBaseAPISetPageSegMode(_api, TesseractApi.PsmAuto);
    }

    /// <summary>Reads an 8-bit grey page. Stops at <paramref name="deadline"/> or when <paramref name="cancellationToken"/> fires.</summary>
    public unsafe EngineReading Read(GrayImage image, int dpi, TimeSpan deadline, CancellationToken cancellationToken)
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
            TesseractApi.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Min(int.MaxValue, deadline.TotalMilliseconds));
            fixed (byte* pixels = image.Pixels)
            {
                TesseractApi.TessBaseAPISetImage(_api, pixels, image.Width, image.Height, 1, image.Width);
                TesseractApi.TessBaseAPISetSourceResolution(_api, dpi);
                var status = TesseractApi.TessBaseAPIRecognize(_api, monitor);
                cancellationToken.ThrowIfCancellationRequested();
                var timedOut = Stopwatch.GetElapsedTime(started) >= deadline;
                if (status != 0 && !timedOut)
                {
                    throw new InvalidOperationException($"Tesseract failed to recognise the page (status {status}).");
                }

                var tsv = TesseractApi.TakeText(TesseractApi.TessBaseAPIGetTsvText(_api, 0));
                var (text, words) = ParseTsv(tsv);
                var mean = TesseractApi.TessBaseAPIMeanTextConf(_api);
                return new EngineReading(text, words, mean, timedOut);
            }
        }
        finally
        {
            TesseractApi.TessBaseAPIClear(_api);
            tokenHandle.Free();
        }
    }

    /// <summary>
    /// Tesseract's orientation detection (the legacy <c>osd</c> model, loaded on first use); null when the model
    /// is missing or the page has too little text to tell.
    /// </summary>
    public unsafe PageOrientation? DetectOrientation(GrayImage image, int dpi)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_osdUnavailable)
        {
            return null;
        }

        if (_osd is null)
        {
            _osd = CreateApi(_tessdata, "osd", TesseractApi.OemTesseractOnly);
            if (_osd is null)
            {
                _osdUnavailable = true;
                return null;
            }

            TesseractApi.TessBaseAPISetPageSegMode(_osd, TesseractApi.PsmOsdOnly);
        }

        int degrees;
        float confidence, scriptConfidence;
        IntPtr script;
        fixed (byte* pixels = image.Pixels)
        {
            try
            {
                TesseractApi.TessBaseAPISetImage(_osd, pixels, image.Width, image.Height, 1, image.Width);
                TesseractApi.TessBaseAPISetSourceResolution(_osd, dpi);
                if (TesseractApi.TessBaseAPIDetectOrientationScript(_osd, &degrees, &confidence, &script, &scriptConfidence) == 0)
                {
                    return null;
                }
            }
            finally
            {
                TesseractApi.TessBaseAPIClear(_osd);
            }
        }

        return new PageOrientation((360 - degrees) % 360, confidence);
    }

    public void Dispose()
    {
        _api.Dispose();
        _osd?.Dispose();
    }

    private static TessBaseApiHandle? CreateApi(string? tessdata, string languages, int oem)
    {
        var api = TesseractApi.TessBaseAPICreate();
        if (api.IsInvalid || TesseractApi.TessBaseAPIInit2(api, tessdata, languages, oem) != 0)
        {
            api.Dispose();
            return null;
        }

        // Keep Tesseract's "Estimating resolution" and similar notes off the service's stderr.
        TesseractApi.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
        return api;
    }

    [UnmanagedCallersOnly]
    private static byte IsCancelled(IntPtr state, int words) =>
        GCHandle.FromIntPtr(state).Target is CancellationBox { Token.IsCancellationRequested: true } ? (byte)1 : (byte)0;

    /// <summary>
    /// Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, confidence, text.
    /// Level 5 rows are words; lines are numbered across the page, blocks are separated by an empty line in the text.
    /// </summary>
    internal static (string Text, IReadOnlyList<OcrWord> Words) ParseTsv(string tsv)
    {
        var words = new List<OcrWord>();
        var text = new DefaultInterpolatedStringHandler(0, 0);
        var lineIndex = -1;
        (int Block, int Paragraph, int Line) current = (-1, -1, -1);
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

            var key = (Int(fields[2]), Int(fields[3]), Int(fields[4]));
            if (key != current)
            {
                if (lineIndex >= 0)
                {
                    text.AppendLiteral(key.Item1 != current.Block ? "\n\n" : "\n");
                }

                lineIndex++;
                current = key;
            }
            else
            {
                text.AppendLiteral(" ");
            }

            text.AppendFormatted(word);
            var box = new BoundingBox(Int(fields[6]), Int(fields[7]), Int(fields[8]), Int(fields[9]));
            var confidence = float.Parse(fields[10], CultureInfo.InvariantCulture);
            words.Add(new OcrWord(word, confidence, box, key.Item1, lineIndex));
        }

        return (text.ToStringAndClear(), words);
    }

    private static int Int(string field) => int.Parse(field, CultureInfo.InvariantCulture);

    private sealed class CancellationBox(CancellationToken token)
    {
        public CancellationToken Token { get; } = token;
    }
}
