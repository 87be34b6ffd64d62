using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Runs the rules over the text and, at the same time, asks the LLM for the same checks. Both outputs are
/// stored as artifacts; the merge stage reconciles them.
/// </summary>
internal sealed class ChecksStage(LlmClient llm, ArtifactWriter artifacts) : IPipelineStage
{
    public string Name => "checks";

    public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var ocr = context.Outputs.Require<OcrDocument>();
        var text = ocr.FullText;
        var request = context.Request;
        var map = OcrTextMap.Of(ocr);
        var llmCheck = llm.CheckAsync(text, request, cancellationToken);
        var rules = RuleChecks.Run(text, new RuleCheckRequest(request.Fio, request.Reason, request.DocType, request.ApplicationDate), context.Policy, map);
        var llmResult = await llmCheck;
        ProductMetrics.LlmCalled(llmResult.Outcome);

        context.Outputs.Set(rules);
        context.Outputs.Set(map);
        context.Outputs.Set(llmResult);
        artifacts.Save(context, ArtifactKeys.RuleChecks, RuleChecksArtifact.From(rules), StageJsonContext.Default.RuleChecksArtifact, cancellationToken);
        artifacts.Save(context, ArtifactKeys.LlmChecks, llmResult, StageJsonContext.Default.LlmCheck, cancellationToken);
        return StageResult.Continue;
    }
}
