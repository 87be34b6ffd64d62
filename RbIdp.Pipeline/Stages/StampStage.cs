using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Looks for an official stamp on the page images (blue/violet ink, ring or frame verified); the stamp artifact
/// keeps every candidate with its cues and decision. A greyscale page or a
/// page without an image (a text-layer PDF) gives "unknown", never a silent "missing". It needs only the decoded
/// pages, so it starts right after decoding, beside the OCR (on another core when one is free).
/// </summary>
internal sealed class StampStage(StampDetector detector, ArtifactWriter artifacts) : IPipelineStage
{
    public string Name => "stamp";

    public string? StartsAfter => "decode";

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Decoded)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.Stamp)];

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var images = context.Work.Decoded.Value.Pages
            .Where(p => p.Image is not null)
            .Select(p => (p.Image!, p.Dpi, p.Number))
            .ToList();
        var finding = images.Count == 0 ? StampFinding.Unknown() : detector.Detect(images);
        foreach (var candidate in finding.Candidates)
        {
            ProductMetrics.StampCandidateJudged(candidate.Accepted);
        }

        context.Work.Stamp.Write(finding);
        artifacts.Save(context, ArtifactKeys.Stamp, finding, StageJsonContext.Default.StampFinding, cancellationToken);
        return Task.FromResult(StageResult.Continue);
    }
}
