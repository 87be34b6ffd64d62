using System.Globalization;
using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Dates;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// Reconciles the rules, the LLM and the stamp into the run's errors and extracted data (each error code is decided
/// under <c>Checks/</c>; STAMP_MISSING by <see cref="StampRequirement"/>). The rules always
/// decide; where the LLM reads a decisive check differently (document type, subject, issue date) the
/// result is <c>CHECKS_DISAGREE</c> for a person to look at — a disagreement never approves, and it turns
/// a rules rejection on that check into a review rather than a possibly wrong rejection.
/// </summary>
public sealed class MergeStage : IPipelineStage
{
    public string Name => "merge";

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var rules = context.Outputs.Require<RuleFindings>();
        var llm = context.Outputs.Get<LlmCheck>() ?? LlmCheck.Skipped;
        var stamp = context.Outputs.Get<StampFinding>();
        var errors = rules.Errors.ToList();
        context.LlmOutcome = llm.Outcome;

        if (llm.Findings is { } findings)
        {
            ReconcileDocType(context, rules, findings, errors);
            ReconcilePerson(context, rules, findings, errors);
            ReconcileDate(context, rules, findings, errors);
        }

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

    private static void ReconcileDocType(DocumentContext context, RuleFindings rules, LlmFindings llm, List<CheckError> errors)
    {
        // Decisive is whether the document is the declared type: two different wrong types agree that it is not.
        var declared = context.Request.DocType;
        if (llm.DocType is not { } llmType || rules.DocType is not { } rulesType || (llmType == declared) == (rulesType == declared))
        {
            return;
        }

        Disagree(errors, ErrorCode.DocTypeMismatch,
            $"The rules read a {WireNames.Of(rulesType)}, the LLM a {WireNames.Of(llmType)} (declared: {WireNames.Of(declared)}).",
            llm.Justification);
    }

    private static void ReconcilePerson(DocumentContext context, RuleFindings rules, LlmFindings llm, List<CheckError> errors)
    {
        // The LLM has already given each person a role, so its names are compared as names only: read as a
        // document of the declared type, a bare name would take that type's roles (on a birth certificate, the child's).
        // Several subjects are normal (both parents); the applicant must be one of them.
        var subjects = llm.Persons
            .Where(p => p.Role == "subject")
            .Select(p => (Person: p, Outcome: FioMatcher.Match(context.Request.Fio, p.Nominative ?? p.Text).Outcome))
            .ToList();
        var llmSays = subjects.Any(s => s.Outcome == FioOutcome.Match) ? FioOutcome.Match
            : subjects.Any(s => s.Outcome == FioOutcome.Mismatch) ? FioOutcome.Mismatch
            : FioOutcome.NotFound;
        if (llmSays == FioOutcome.NotFound)
        {
            return;
        }

        var subject = subjects.First(s => s.Outcome == llmSays).Person;
        var rulesSay = rules.Person.Outcome;
        var disagree = (rulesSay == FioOutcome.Match && llmSays == FioOutcome.Mismatch)
            || (rulesSay == FioOutcome.Mismatch && llmSays == FioOutcome.Match);
        if (disagree)
        {
            Disagree(errors, ErrorCode.FioMismatch,
                $"The rules find the subject {(rulesSay == FioOutcome.Match ? "is" : "is not")} the applicant; the LLM names '{subject.Nominative ?? subject.Text}' as the subject.",
                llm.Justification);
        }
    }

    private static void ReconcileDate(DocumentContext context, RuleFindings rules, LlmFindings llm, List<CheckError> errors)
    {
        if (llm.IssueDate is not { } llmDate || rules.IssueDate is not { } rulesDate || llmDate == rulesDate.Date)
        {
            return;
        }

        // Two readings of the date matter only when they lead to different validity outcomes.
        var request = context.Request;
        var byRules = ValidityWindow.Evaluate(rulesDate, request.ApplicationDate, request.DocType, context.Policy)?.Code;
        var byLlm = ValidityWindow.Evaluate(rulesDate with { Date = llmDate }, request.ApplicationDate, request.DocType, context.Policy)?.Code;
        if (byRules != byLlm)
        {
            Disagree(errors, byRules,
                string.Create(CultureInfo.InvariantCulture, $"The rules read the issue date as {rulesDate.Date:yyyy-MM-dd}, the LLM as {llmDate:yyyy-MM-dd}."),
                llm.Justification, new Evidence(Text: rulesDate.Text));
        }
    }

    /// <summary>Adds CHECKS_DISAGREE; a rules rejection on the same check becomes this review.</summary>
    private static void Disagree(List<CheckError> errors, ErrorCode? rulesCode, string message, string? justification, Evidence? evidence = null)
    {
        if (rulesCode is { } code)
        {
            errors.RemoveAll(e => e.Code == code && e.Severity == Severity.Reject);
        }

        var detail = string.IsNullOrWhiteSpace(justification) ? message : $"{message} LLM: {justification}";
        errors.Add(new CheckError(ErrorCode.ChecksDisagree, Severity.Review, detail, ErrorSource.Merge, evidence));
    }
}
