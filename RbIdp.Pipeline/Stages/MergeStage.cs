using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Reconciles the rules, the LLM and the stamp into the run's errors and extracted data. It decides nothing itself:
/// each error code is decided under <c>Checks/</c> (CHECKS_DISAGREE by <see cref="ChecksDisagreement"/>, STAMP_MISSING
/// by <see cref="StampRequirement"/>); the extracted data are the rules' reading.
/// </summary>
internal sealed class MergeStage : IPipelineStage
{
    public string Name => "merge";

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Rules), nameof(DocumentWork.Llm), nameof(DocumentWork.Stamp)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.Merged)];

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var rules = context.Work.Rules.Value;
        var llm = context.Work.Llm.ValueOrDefault ?? LlmCheck.Skipped;
        var stamp = context.Work.Stamp.ValueOrDefault;
        var errors = llm.Findings is { } findings
            ? ChecksDisagreement.Evaluate(context.Request, context.Policy, rules, findings).ApplyTo(rules.Errors).ToList()
            : rules.Errors.ToList();

        if (StampRequirement.Evaluate(stamp, context.Request.DocType, context.Policy, rules.Document) is { } stampError)
        {
            errors.Add(stampError);
        }

        context.Report(errors);
        context.Work.Merged.Write(new MergedFindings(
            rules.DocType,
            rules.IssueDate?.Date,
            rules.PersonText ?? rules.Person.Evidence?.Text,
            stamp is null ? null : new StampSummary(
                stamp.Status switch { StampStatus.Found => true, StampStatus.NotFound => false, _ => null },
                Math.Round(stamp.Score, 2), stamp.Page, stamp.Box),
            llm.Outcome,
            llm.Exchange?.PromptVersion));
        return Task.FromResult(StageResult.Continue);
    }
}
