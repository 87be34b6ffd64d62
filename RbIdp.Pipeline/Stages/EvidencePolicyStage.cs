using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// <c>REASON_DOC_MISMATCH</c>: the document type is not accepted evidence for the reason. Decided before
/// anything is read, so no CPU is spent on a request that cannot pass.
/// </summary>
internal sealed class EvidencePolicyStage : IPipelineStage
{
    public string Name => "policy";

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var (reason, docType) = (context.Request.Reason, context.Request.DocType);
        if (context.Policy.Accepts(reason, docType))
        {
            return Task.FromResult(StageResult.Continue);
        }

        var accepted = string.Join(", ", context.Policy.Evidence[reason].Select(WireNames.Of));
        context.Report(new CheckError(
            ErrorCode.ReasonDocMismatch,
            Severity.Reject,
            $"A {WireNames.Of(docType)} is not accepted evidence for {WireNames.Of(reason)}; accepted: {accepted}.",
            ErrorSource.Intake));
        return Task.FromResult(StageResult.Stop);
    }
}
