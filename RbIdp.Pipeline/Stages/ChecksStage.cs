using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Llm;
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

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Ocr)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.TextMap), nameof(DocumentWork.Rules), nameof(DocumentWork.Llm)];

    public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var ocr = context.Work.Ocr.Value;
        var text = ocr.FullText;
        var request = context.Request;
        var map = OcrTextMap.Of(ocr);
        var llmCheck = llm.CheckAsync(text, request, cancellationToken);
        var rules = RuleChecks.Run(text, request, context.Policy, map);
        var llmResult = await llmCheck;
        ProductMetrics.LlmCalled(llmResult.Outcome);

        context.Work.TextMap.Write(map);
        context.Work.Rules.Write(rules);
        context.Work.Llm.Write(llmResult);
        artifacts.Save(context, ArtifactKeys.RuleChecks, RuleChecksArtifact.From(rules), StageJsonContext.Default.RuleChecksArtifact, cancellationToken);
        artifacts.Save(context, ArtifactKeys.LlmChecks, llmResult, StageJsonContext.Default.LlmCheck, cancellationToken);
        return StageResult.Continue;
    }
}
