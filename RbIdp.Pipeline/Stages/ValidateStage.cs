using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// The last look before the verdict: one error per code and source, rejections first, and every finding
/// explained. A document that reached this stage without its type being checked cannot be approved.
/// </summary>
internal sealed class ValidateStage : IPipelineStage
{
    public string Name => "validate";

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Merged)];

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var errors = context.Errors
            .GroupBy(e => (e.Code, e.Source))
            .Select(g => g.First())
            .OrderBy(e => e.Severity == Severity.Reject ? 0 : 1)
            .ToList();
        if (context.Work.Merged.Value.DocType is null && !errors.Any(e => e.Code is ErrorCode.DocTypeUnknown or ErrorCode.DocTypeMismatch or ErrorCode.ChecksDisagree)
            && errors.All(e => e.Severity != Severity.Reject))
        {
            errors.Add(new CheckError(ErrorCode.DocTypeUnknown, Severity.Review, "The document type was not established.", ErrorSource.Merge));
        }

        context.ReplaceErrors(errors);
        return Task.FromResult(StageResult.Continue);
    }
}
