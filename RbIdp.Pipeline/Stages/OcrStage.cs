using System.Globalization;
using System.Security.Cryptography;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Reads the pages' text (text layer or Tesseract), stores it as the <c>ocr.json</c> artifact, and judges it:
/// almost no text → <c>UNREADABLE_DOCUMENT</c>; low mean confidence → <c>LOW_OCR_CONFIDENCE</c>.
/// Reentrant: a resumed run (<see cref="DocumentContext.Resumed"/>) reuses the OCR its earlier attempt stored instead of reading again; another run of the same
/// file (same SHA-256) reuses the text the <see cref="IOcrTextCache"/> kept and skips Tesseract (not for a client's s3:// object: its run
/// records only the path, and a purge could not find the text).
/// </summary>
internal sealed class OcrStage(OcrService ocr, ArtifactWriter artifacts, IOcrTextCache cache) : IPipelineStage
{
    public string Name => "ocr";

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Content), nameof(DocumentWork.Decoded)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.Ocr)];

    public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var text = context.Resumed
            ? await artifacts.LoadAsync(context, ArtifactKeys.Ocr, PipelineJsonContext.Default.OcrDocument, cancellationToken)
            : null;
        if (text is null)
        {
            var cacheKey = context.Input.IsClientS3Path ? null : Convert.ToHexStringLower(SHA256.HashData(context.Work.Content.Value.Span));
            text = cacheKey is null ? null : await cache.GetAsync(cacheKey, cancellationToken);
            if (text is null)
            {
                text = await ocr.ReadAsync(context.Work.Decoded.Value, cancellationToken);
                if (cacheKey is not null)
                {
                    await cache.SetAsync(cacheKey, text, cancellationToken);
                }
            }

            artifacts.Save(context, ArtifactKeys.Ocr, text, PipelineJsonContext.Default.OcrDocument, cancellationToken);
        }

        context.Work.Ocr.Write(text); // the answer's OCR confidence and page count come from it (DocumentWork.Extracted)
        var thresholds = context.Policy.Thresholds;
        var letters = text.FullText.Count(char.IsLetter);
        var confidence = text.MeanConfidence;

        if (letters < thresholds.MinTextChars)
        {
            context.Report(new CheckError(ErrorCode.UnreadableDocument, Severity.Reject,
                $"Almost no text could be read ({letters} letters on {text.Pages.Count} page(s)): blank, not a document, or too damaged.",
                ErrorSource.Ocr));
            return StageResult.Stop;
        }

        if (confidence < thresholds.MinOcrConfidence)
        {
            context.Report(new CheckError(ErrorCode.LowOcrConfidence, Severity.Review,
                string.Create(CultureInfo.InvariantCulture, $"Mean OCR confidence {confidence:0.0} is under {thresholds.MinOcrConfidence:0}: a person should read the document."),
                ErrorSource.Ocr));
        }

        return StageResult.Continue;
    }
}
