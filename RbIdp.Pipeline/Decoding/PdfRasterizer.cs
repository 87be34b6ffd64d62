using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Intake;
using SkiaSharp;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// Poppler's <c>pdftoppm</c>: in grey (PGM) as the fallback for PDF pages whose images PdfPig cannot give (JBIG2,
/// JPEG 2000, vector drawings), in colour (PPM) for the stamp on a born-digital page; on stdout, killed when it runs
/// over its time.
/// </summary>
internal sealed partial class PdfRasterizer(IOptions<DecoderOptions> options, ILogger<PdfRasterizer> logger)
{
    private readonly DecoderOptions _options = options.Value;

    /// <summary>Renders one page (1-based): Gray8, or Bgra8888 when <paramref name="colour"/>.</summary>
    public async Task<SKBitmap> RenderPageAsync(string pdfPath, int pageNumber, int dpi, bool colour, CancellationToken cancellationToken)
    {
        using var process = new Process
        {
            StartInfo =
            {
                FileName = _options.PdftoppmPath,
                ArgumentList = { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", $"{pageNumber}", "-l", $"{pageNumber}" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        if (!colour)
        {
            process.StartInfo.ArgumentList.Add("-gray");
        }

        process.StartInfo.ArgumentList.Add(pdfPath);
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

        return RasterDecoder.DecodePnm(output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pdftoppm did not render page {Page} within {Timeout}; killed")]
    private static partial void LogTimedOut(ILogger logger, int page, TimeSpan timeout);
}
