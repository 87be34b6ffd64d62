using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Tests.Checks;

/// <summary>
/// CHECKS_DISAGREE over the rules' real findings on a text and the LLM's reading: the LLM's judgement counts, and it
/// only ever moves the verdict towards review.
/// </summary>
public sealed class ChecksDisagreementTests
{
    private static readonly DeferralPolicy Policy = DeferralPolicy.LoadDefault();
    private static readonly DocumentRequest Request = new("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 20));
    private static readonly string NoName = RussianDocumentTexts.SickLeave.Replace("Фамилия Иванов Имя Иван Отчество Петрович", "Фамилия ____ Имя ____ Отчество ____", StringComparison.Ordinal);
    private static readonly string OtherPerson = RussianDocumentTexts.SickLeave.Replace("Фамилия Иванов Имя Иван Отчество Петрович", "Фамилия Сергеев Имя Олег Отчество Юрьевич", StringComparison.Ordinal);

    [Fact]
    public void Subject_the_rules_could_not_find_stays_a_review_though_the_llm_names_the_applicant()
    {
        var rules = Rules(NoName);
        Assert.Contains(rules.Errors, e => e.Code == ErrorCode.FioNotFound); // the rules left it undecided

        var errors = ChecksDisagreement.Evaluate(Request, Policy, rules, Llm("Иванов Иван Петрович")).ApplyTo(rules.Errors);

        Assert.Contains(errors, e => e.Code == ErrorCode.FioNotFound);
        Assert.Equal(Verdict.ManualReview, VerdictPolicy.Decide(errors));
    }

    [Fact]
    public void Rejection_the_llm_contradicts_becomes_a_review_never_an_approval()
    {
        var rules = Rules(OtherPerson);
        Assert.Contains(rules.Errors, e => e.Code == ErrorCode.FioMismatch && e.Severity == Severity.Reject);

        var found = ChecksDisagreement.Evaluate(Request, Policy, rules, Llm("Иванов Иван Петрович"));
        var errors = found.ApplyTo(rules.Errors);

        Assert.DoesNotContain(errors, e => e.Code == ErrorCode.FioMismatch);
        Assert.Contains(errors, e => e.Code == ErrorCode.ChecksDisagree && e.Severity == Severity.Review);
        Assert.Equal(Verdict.ManualReview, VerdictPolicy.Decide(errors));
    }

    [Fact]
    public void Llm_that_agrees_adds_nothing_and_removes_nothing()
    {
        var rules = Rules(RussianDocumentTexts.SickLeave);

        var found = ChecksDisagreement.Evaluate(Request, Policy, rules, Llm("Иванов Иван Петрович"));

        Assert.Empty(found.Errors);
        Assert.Equal(rules.Errors, found.ApplyTo(rules.Errors));
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void Inconsistency_with_the_reason_counts_only_from_a_confident_reading(bool namesType, bool namesSubject, bool consistent)
    {
        var rules = Rules(RussianDocumentTexts.SickLeave);
        var llm = Llm(namesSubject ? "Иванов Иван Петрович" : null, consistent, namesType ? DocumentType.SickLeave : null);

        var found = ChecksDisagreement.Evaluate(Request, Policy, rules, llm);

        var expected = namesType && namesSubject && !consistent;
        Assert.Equal(expected, found.Errors.Any(e => e.Code == ErrorCode.ChecksDisagree && e.Evidence?.Text == llm.Justification));
    }

    private static RuleFindings Rules(string text) =>
        RuleChecks.Run(text, Request, Policy);

    private static LlmFindings Llm(string? subject, bool consistent = true, DocumentType? type = DocumentType.SickLeave) => new(
        type,
        new DateOnly(2026, 11, 10),
        subject is null ? [] : [new LlmPerson(subject, subject, "subject")],
        consistent,
        "Листок нетрудоспособности, выданный терапевтом.");
}
