using System.Globalization;
using RbIdp.Pipeline.Checks.Dates;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Checks;

/// <summary>
/// CHECKS_DISAGREE (DOMAIN.md §3), decided here only: where the LLM reads a decisive check differently from the rules
/// (whether the document is the declared type, whether its subject is the applicant, an issue date that changes the
/// validity outcome), or where it reads the document confidently (a type and a subject) and finds it does not support
/// the declared reason. Each is a review with the LLM's justification as evidence.
/// <para>
/// The LLM only ever moves a verdict towards review: a rules rejection it contradicts becomes this review (rather than
/// a possibly wrong rejection), and what the rules left undecided (<c>FIO_NOT_FOUND</c>, <c>DATE_MISSING</c>,
/// <c>DOC_TYPE_UNKNOWN</c>) stays a review whatever the LLM reads: its agreement never removes an error.
/// </para>
/// </summary>
internal static class ChecksDisagreement
{
    public static Disagreements Evaluate(DocumentRequest request, DeferralPolicy policy, RuleFindings rules, LlmFindings llm)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(llm);
        var found = new Disagreements();
        OnDocType(request, rules, llm, found);
        OnSubject(request, rules, llm, found);
        OnIssueDate(request, policy, rules, llm, found);
        OnReason(request, llm, found);
        return found;
    }

    private static void OnDocType(DocumentRequest request, RuleFindings rules, LlmFindings llm, Disagreements found)
    {
        // Decisive is whether the document is the declared type: two different wrong types agree that it is not.
        var declared = request.DocType;
        if (llm.DocType is not { } llmType || rules.DocType is not { } rulesType || (llmType == declared) == (rulesType == declared))
        {
            return;
        }

        found.Add(ErrorCode.DocTypeMismatch,
            $"The rules read a {WireNames.Of(rulesType)}, the LLM a {WireNames.Of(llmType)} (declared: {WireNames.Of(declared)}).",
            llm.Justification, Justified(llm));
    }

    private static void OnSubject(DocumentRequest request, RuleFindings rules, LlmFindings llm, Disagreements found)
    {
        // The LLM has already given each person a role, so its names are compared as names only: read as a
        // document of the declared type, a bare name would take that type's roles (on a birth certificate, the child's).
        // Several subjects are normal (both parents); the applicant must be one of them.
        var subjects = llm.Persons
            .Where(p => p.Role == "subject")
            .Select(p => (Person: p, Outcome: FioMatcher.Match(request.Fio, p.Nominative ?? p.Text).Outcome))
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
        if ((rulesSay == FioOutcome.Match && llmSays == FioOutcome.Mismatch) || (rulesSay == FioOutcome.Mismatch && llmSays == FioOutcome.Match))
        {
            found.Add(ErrorCode.FioMismatch,
                $"The rules find the subject {(rulesSay == FioOutcome.Match ? "is" : "is not")} the applicant; the LLM names '{subject.Nominative ?? subject.Text}' as the subject.",
                llm.Justification, Justified(llm));
        }
    }

    private static void OnIssueDate(DocumentRequest request, DeferralPolicy policy, RuleFindings rules, LlmFindings llm, Disagreements found)
    {
        if (llm.IssueDate is not { } llmDate || rules.IssueDate is not { } rulesDate || llmDate == rulesDate.Date)
        {
            return;
        }

        // Two readings of the date matter only when they lead to different validity outcomes.
        var byRules = ValidityWindow.Evaluate(rulesDate, request.ApplicationDate, request.DocType, policy)?.Code;
        var byLlm = ValidityWindow.Evaluate(rulesDate with { Date = llmDate }, request.ApplicationDate, request.DocType, policy)?.Code;
        if (byRules != byLlm)
        {
            found.Add(byRules,
                string.Create(CultureInfo.InvariantCulture, $"The rules read the issue date as {rulesDate.Date:yyyy-MM-dd}, the LLM as {llmDate:yyyy-MM-dd}."),
                llm.Justification, new Evidence(Text: rulesDate.Text));
        }
    }

    private static void OnReason(DocumentRequest request, LlmFindings llm, Disagreements found)
    {
        // Judgement counts only from a confident reading: the LLM named the document's type and its subject.
        if (llm.ConsistentWithReason is not false || llm.DocType is not { } type || llm.Subject is not { } subject)
        {
            return;
        }

        found.Add(null,
            $"The rules accept the document; the LLM reads a {WireNames.Of(type)} about '{subject.Nominative ?? subject.Text}' that does not support the reason '{WireNames.Of(request.Reason)}'.",
            llm.Justification, Justified(llm));
    }

    private static Evidence? Justified(LlmFindings llm) =>
        string.IsNullOrWhiteSpace(llm.Justification) ? null : new Evidence(Text: llm.Justification);
}

/// <summary>
/// What <see cref="ChecksDisagreement"/> found: the CHECKS_DISAGREE reviews to add, and the rules' rejections they
/// stand in for (a rejection the LLM contradicts is not certain enough to reject on).
/// </summary>
internal sealed class Disagreements
{
    private readonly List<CheckError> _errors = [];
    private readonly HashSet<ErrorCode> _overruled = [];

    public IReadOnlyList<CheckError> Errors => _errors;

    /// <summary>Rules error codes whose <c>reject</c> gives way to the review.</summary>
    public IReadOnlySet<ErrorCode> Overruled => _overruled;

    /// <summary>The rules' errors as they stand after the LLM's reading: overruled rejections out, the reviews in.</summary>
    public IReadOnlyList<CheckError> ApplyTo(IEnumerable<CheckError> rulesErrors) =>
        [.. rulesErrors.Where(e => !(e.Severity == Severity.Reject && _overruled.Contains(e.Code))), .. _errors];

    internal void Add(ErrorCode? overruled, string message, string? justification, Evidence? evidence)
    {
        if (overruled is { } code)
        {
            _overruled.Add(code);
        }

        var detail = string.IsNullOrWhiteSpace(justification) ? message : $"{message} LLM: {justification}";
        _errors.Add(new CheckError(ErrorCode.ChecksDisagree, Severity.Review, detail, ErrorSource.Merge, evidence));
    }
}
