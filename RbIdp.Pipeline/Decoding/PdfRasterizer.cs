using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Intake;
using SkiaSharp;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// Poppler's <c>pdftoppm -gray</c> as the fallback for PDF pages whose images PdfPig cannot give (JBIG2, JPEG 2000,
/// vector drawings): PGM on stdout, killed when it runs over its time.
/// </summary>
public sealed partial class PdfRasterizer(IOptions<DecoderOptions> options, ILogger<PdfRasterizer> logger)
{
    private readonly DecoderOptions _options = options.Value;

    public async Task<SKBitmap> RenderPageAsync(string pdfPath, int pageNumber, int dpi, CancellationToken cancellationToken)
    {
        using var process = new Process
        {
            StartInfo =
            {
                FileName = _options.PdftoppmPath,
                ArgumentList = { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-f", $"{pageNumber}", "-l", $"{pageNumber}", pdfPath },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RenderTimeout);
        var output = new MemoryStream();
        try
        {
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await Task.WhenAll(copy, errors, process.WaitForExitAsync(timeout.Token));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            LogTimedOut(logger, pageNumber, _options.RenderTimeout);
            throw new PageDecodeException(IntakeRejection.Unreadable, $"Page {pageNumber} could not be rendered in time.");
        }

        if (process.ExitCode != 0)
        {
            throw new PageDecodeException(IntakeRejection.Unreadable, $"Page {pageNumber} could not be rendered (pdftoppm exit {process.ExitCode}).");
        }

        return RasterDecoder.DecodePgm(output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pdftoppm did not render page {Page} within {Timeout}; killed")]
    private static partial void LogTimedOut(ILogger logger, int page, TimeSpan timeout);
}
