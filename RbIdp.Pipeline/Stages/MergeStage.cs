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

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var rules = context.Outputs.Require<RuleFindings>();
        var llm = context.Outputs.Get<LlmCheck>() ?? LlmCheck.Skipped;
        var stamp = context.Outputs.Get<StampFinding>();
        context.LlmOutcome = llm.Outcome;
        context.LlmPromptVersion = llm.Exchange?.PromptVersion;
        var errors = llm.Findings is { } findings
            ? ChecksDisagreement.Evaluate(context.Request, context.Policy, rules, findings).ApplyTo(rules.Errors).ToList()
            : rules.Errors.ToList();

        if (StampRequirement.Evaluate(stamp, context.Request.DocType, context.Policy, rules.Document) is { } stampError)
        {
            errors.Add(stampError);
        }

        context.Report(errors);
        context.Extracted = context.Extracted with
        {
            DocType = rules.DocType,
            IssueDate = rules.IssueDate?.Date,
            Person = rules.PersonText ?? rules.Person.Evidence?.Text,
            Stamp = stamp is null ? null : new StampSummary(
                stamp.Status switch { StampStatus.Found => true, StampStatus.NotFound => false, _ => null },
                Math.Round(stamp.Score, 2), stamp.Page, stamp.Box),
        };
        return Task.FromResult(StageResult.Continue);
    }
}
