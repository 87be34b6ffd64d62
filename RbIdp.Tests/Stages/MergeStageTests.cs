using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stages;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Checks;

namespace RbIdp.Tests.Stages;

/// <summary>
/// <see cref="MergeStage"/> over real rule findings (<see cref="RuleChecks.Run"/> on Russian document texts) and an
/// LLM answer: CHECKS_DISAGREE where the two read a decisive check differently, the LLM's outcome recorded, and the
/// stamp requirement of the policy.
/// </summary>
public sealed class MergeStageTests
{
    private const string Ivanov = "Иванов Иван Петрович";
    private const string Petrov = "Петров Сергей Сергеевич";
    private static readonly DeferralPolicy Policy = DeferralPolicy.LoadDefault();
    private static readonly DateOnly Applied = new(2026, 11, 20);
    private static readonly DateOnly Issued = new(2026, 11, 10);
    private static readonly DocumentRequest SickLeaveRequest = new(Ivanov, DeferralReason.Illness, DocumentType.SickLeave, Applied);

    private static readonly string SickLeaveOfPetrov = RussianDocumentTexts.SickLeave.Replace(
        "Фамилия Иванов Имя Иван Отчество Петрович", "Фамилия Петров Имя Сергей Отчество Сергеевич", StringComparison.Ordinal);

    [Fact]
    public async Task Llm_that_agrees_with_the_rules_adds_no_disagreement_and_the_document_is_approved()
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, Llm(DocumentType.SickLeave, Issued, Ivanov));

        Assert.Empty(context.Errors);
        Assert.Equal(Verdict.Approved, VerdictPolicy.Decide(context.Errors));
        Assert.Equal(LlmOutcome.Used, context.Work.Merged.Value.LlmOutcome);
        Assert.Equal(DocumentType.SickLeave, context.Work.Extracted.DocType);
        Assert.Equal(Issued, context.Work.Extracted.IssueDate);
        Assert.Contains("Иванов", context.Work.Extracted.Person, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Llm_that_reads_another_doc_type_raises_checks_disagree_for_review()
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, Llm(DocumentType.IncomeCertificate, Issued, Ivanov));

        var disagree = Assert.Single(context.Errors);
        Assert.Equal(ErrorCode.ChecksDisagree, disagree.Code);
        Assert.Equal(Severity.Review, disagree.Severity);
        Assert.Equal(ErrorSource.Merge, disagree.Source);
        Assert.Contains("sick_leave", disagree.Message, StringComparison.Ordinal);
        Assert.Contains("income_certificate", disagree.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.ManualReview, VerdictPolicy.Decide(context.Errors));
        Assert.Equal(DocumentType.SickLeave, context.Work.Extracted.DocType);
    }

    [Theory]
    [InlineData(DocumentType.SickLeave, Verdict.ManualReview)]
    [InlineData(DocumentType.UnemploymentCertificate, Verdict.Rejected)]
    public async Task Rules_doc_type_rejection_becomes_a_review_only_when_the_llm_reads_the_declared_type(DocumentType llmReads, Verdict expected)
    {
        // Declared a sick leave, the rules read a 2-NDFL: an LLM that reads a third type agrees it is not a sick leave.
        var rules = Rules(RussianDocumentTexts.IncomeCertificate, SickLeaveRequest);
        Assert.Contains(rules.Errors, e => e.Code == ErrorCode.DocTypeMismatch && e.Severity == Severity.Reject);

        var context = await MergeAsync(rules, SickLeaveRequest, Llm(llmReads, new DateOnly(2026, 11, 5), Ivanov));

        Assert.Equal(expected, VerdictPolicy.Decide(context.Errors));
        Assert.Equal(expected == Verdict.Rejected, context.Errors.Any(e => e.Code == ErrorCode.DocTypeMismatch && e.Severity == Severity.Reject));
        Assert.Equal(expected == Verdict.ManualReview, context.Errors.Any(e => e.Code == ErrorCode.ChecksDisagree));
    }

    [Fact]
    public async Task Llm_naming_another_subject_while_the_rules_matched_the_applicant_raises_checks_disagree_and_never_approves()
    {
        var rules = Rules(RussianDocumentTexts.SickLeave, SickLeaveRequest);
        Assert.Empty(rules.Errors);

        var context = await MergeAsync(rules, SickLeaveRequest, Llm(DocumentType.SickLeave, Issued, Petrov));

        var disagree = Assert.Single(context.Errors);
        Assert.Equal(ErrorCode.ChecksDisagree, disagree.Code);
        Assert.Contains(Petrov, disagree.Message, StringComparison.Ordinal);
        Assert.NotEqual(Verdict.Approved, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Rules_fio_mismatch_becomes_a_review_when_the_llm_says_the_applicant_is_the_subject()
    {
        var rules = Rules(SickLeaveOfPetrov, SickLeaveRequest);
        Assert.Contains(rules.Errors, e => e.Code == ErrorCode.FioMismatch && e.Severity == Severity.Reject);

        var context = await MergeAsync(rules, SickLeaveRequest, Llm(DocumentType.SickLeave, Issued, Ivanov));

        AssertRejectionBecameTheDisagreement(context, ErrorCode.FioMismatch);
    }

    [Fact]
    public async Task Rules_fio_mismatch_stands_when_the_llm_also_names_someone_else_as_the_subject()
    {
        var rules = Rules(SickLeaveOfPetrov, SickLeaveRequest);

        var context = await MergeAsync(rules, SickLeaveRequest, Llm(DocumentType.SickLeave, Issued, Petrov));

        Assert.Equal(rules.Errors, context.Errors);
        Assert.Equal(Verdict.Rejected, VerdictPolicy.Decide(context.Errors));
    }

    public static TheoryData<string, DeferralReason, DocumentType> EveryDocumentType => new()
    {
        { RussianDocumentTexts.SickLeave, DeferralReason.Illness, DocumentType.SickLeave },
        { RussianDocumentTexts.MedicalCertificate, DeferralReason.Illness, DocumentType.MedicalCertificate },
        { RussianDocumentTexts.UnemploymentCertificate, DeferralReason.JobLoss, DocumentType.UnemploymentCertificate },
        { RussianDocumentTexts.EmploymentRecord, DeferralReason.JobLoss, DocumentType.EmploymentRecord },
        { RussianDocumentTexts.IncomeCertificate, DeferralReason.IncomeDecrease, DocumentType.IncomeCertificate },
        { RussianDocumentTexts.MobilizationNotice, DeferralReason.Mobilization, DocumentType.MobilizationNotice },
        { RussianDocumentTexts.DisabilityCertificate, DeferralReason.Disability, DocumentType.DisabilityCertificate },
        { RussianDocumentTexts.EmergencyCertificate, DeferralReason.Emergency, DocumentType.EmergencyCertificate },
        { RussianDocumentTexts.BirthCertificate, DeferralReason.Maternity, DocumentType.BirthCertificate },
    };

    [Theory]
    [MemberData(nameof(EveryDocumentType))]
    public async Task Llm_naming_the_applicant_as_subject_agrees_with_the_rules_on_every_document_type(string text, DeferralReason reason, DocumentType docType)
    {
        var request = new DocumentRequest(Ivanov, reason, docType, Applied);
        var rules = Rules(text, request);
        Assert.Equal(FioOutcome.Match, rules.Person.Outcome);

        var context = await MergeAsync(rules, request, Llm(docType, rules.IssueDate?.Date, Ivanov));

        Assert.DoesNotContain(context.Errors, e => e.Code == ErrorCode.ChecksDisagree);
    }

    [Theory]
    [MemberData(nameof(EveryDocumentType))]
    public async Task Llm_naming_another_subject_disagrees_with_the_rules_on_every_document_type(string text, DeferralReason reason, DocumentType docType)
    {
        var request = new DocumentRequest(Ivanov, reason, docType, Applied);
        var rules = Rules(text, request);

        var context = await MergeAsync(rules, request, Llm(docType, rules.IssueDate?.Date, Petrov));

        Assert.Contains(context.Errors, e => e.Code == ErrorCode.ChecksDisagree && e.Message.Contains(Petrov, StringComparison.Ordinal));
        Assert.NotEqual(Verdict.Approved, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Applicant_named_among_several_subjects_by_the_llm_is_no_disagreement()
    {
        // A birth certificate has two subjects, the parents; the LLM may list the mother first.
        var request = new DocumentRequest(Ivanov, DeferralReason.Maternity, DocumentType.BirthCertificate, Applied);
        var rules = Rules(RussianDocumentTexts.BirthCertificate, request);
        Assert.Empty(rules.Errors);
        var llm = LlmCheck.Used(new LlmFindings(DocumentType.BirthCertificate, new DateOnly(2025, 3, 20),
            [
                new LlmPerson("Иванов Артём Иванович", "Иванов Артём Иванович", "other"),
                new LlmPerson("Мать Иванова Мария Сергеевна", "Иванова Мария Сергеевна", "subject"),
                new LlmPerson("Отец Иванов Иван Петрович", Ivanov, "subject"),
            ],
            true, "Свидетельство о рождении ребёнка заявителя."));

        var context = await MergeAsync(rules, request, llm);

        Assert.Empty(context.Errors);
        Assert.Equal(Verdict.Approved, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Llm_subject_in_another_case_or_with_initials_is_the_applicant()
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, LlmCheck.Used(new LlmFindings(DocumentType.SickLeave, Issued,
            [new LlmPerson("Иванову И.П.", Nominative: null, "subject")], true, null)));

        Assert.Empty(context.Errors);
    }

    [Theory]
    [InlineData("2026-11-09")]
    [InlineData("2026-10-01")]
    [InlineData("2026-11-20")]
    public async Task Dates_that_differ_but_stay_in_the_window_raise_no_disagreement(string llmDate)
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, Llm(DocumentType.SickLeave, DateOnly.Parse(llmDate, System.Globalization.CultureInfo.InvariantCulture), Ivanov));

        Assert.Empty(context.Errors);
        Assert.Equal(Issued, context.Work.Extracted.IssueDate);
    }

    [Theory]
    [InlineData("2026-08-01")]
    [InlineData("2026-11-21")]
    public async Task Llm_date_outside_the_window_raises_checks_disagree_although_the_rules_find_it_valid(string llmDate)
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, Llm(DocumentType.SickLeave, DateOnly.Parse(llmDate, System.Globalization.CultureInfo.InvariantCulture), Ivanov));

        var disagree = Assert.Single(context.Errors);
        Assert.Equal(ErrorCode.ChecksDisagree, disagree.Code);
        Assert.Contains("2026-11-10", disagree.Message, StringComparison.Ordinal);
        Assert.Contains(llmDate, disagree.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.ManualReview, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Rules_expiry_becomes_a_review_when_the_llm_reads_a_date_inside_the_window()
    {
        // Applied 2027-01-20: the rules' 2026-11-10 is 71 days old, beyond the sick leave's 60.
        var request = SickLeaveRequest with { ApplicationDate = new DateOnly(2027, 1, 20) };
        var rules = Rules(RussianDocumentTexts.SickLeave, request);
        Assert.Contains(rules.Errors, e => e.Code == ErrorCode.DocumentExpired && e.Severity == Severity.Reject);

        var context = await MergeAsync(rules, request, Llm(DocumentType.SickLeave, new DateOnly(2026, 12, 10), Ivanov));

        AssertRejectionBecameTheDisagreement(context, ErrorCode.DocumentExpired);
    }

    [Fact]
    public async Task Rules_expiry_stands_when_the_llm_date_is_also_expired()
    {
        var request = SickLeaveRequest with { ApplicationDate = new DateOnly(2027, 1, 20) };
        var rules = Rules(RussianDocumentTexts.SickLeave, request);

        var context = await MergeAsync(rules, request, Llm(DocumentType.SickLeave, new DateOnly(2026, 11, 1), Ivanov));

        Assert.Equal(rules.Errors, context.Errors);
        Assert.Equal(Verdict.Rejected, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Llm_that_failed_is_recorded_failed_and_the_rules_errors_are_unchanged()
    {
        var rules = Rules(SickLeaveOfPetrov, SickLeaveRequest);
        Assert.NotEmpty(rules.Errors);

        var context = await MergeAsync(rules, SickLeaveRequest, LlmCheck.Failed("HTTP 500 from the LLM"));

        Assert.Equal(LlmOutcome.Failed, context.Work.Merged.Value.LlmOutcome);
        Assert.Equal(rules.Errors, context.Errors);
        Assert.Equal(Verdict.Rejected, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Llm_that_was_not_configured_is_recorded_skipped_and_the_rules_decide()
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, LlmCheck.Skipped);

        Assert.Equal(LlmOutcome.Skipped, context.Work.Merged.Value.LlmOutcome);
        Assert.Empty(context.Errors);
        Assert.Equal(Verdict.Approved, VerdictPolicy.Decide(context.Errors));
    }

    [Fact]
    public async Task Required_stamp_not_found_is_stamp_missing_for_review()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);

        var context = await MergeAsync(RussianDocumentTexts.MedicalCertificate, request, Llm(DocumentType.MedicalCertificate, Issued, Ivanov), StampFinding.NotFound(0.12));

        var missing = Assert.Single(context.Errors);
        Assert.Equal(ErrorCode.StampMissing, missing.Code);
        Assert.Equal(Severity.Review, missing.Severity);
        Assert.Equal(ErrorSource.Stamp, missing.Source);
        Assert.Contains("none was detected", missing.Message, StringComparison.Ordinal);
        Assert.Equal(new StampSummary(false, 0.12), context.Work.Extracted.Stamp);
    }

    [Fact]
    public async Task Required_stamp_on_a_greyscale_page_is_stamp_missing_saying_it_cannot_be_seen()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);

        var context = await MergeAsync(RussianDocumentTexts.MedicalCertificate, request, Llm(DocumentType.MedicalCertificate, Issued, Ivanov), StampFinding.Unknown(page: 1));

        var missing = Assert.Single(context.Errors);
        Assert.Equal(ErrorCode.StampMissing, missing.Code);
        Assert.Equal(Severity.Review, missing.Severity);
        Assert.Contains("cannot be seen", missing.Message, StringComparison.Ordinal);
        Assert.Null(context.Work.Extracted.Stamp?.Found);
        Assert.NotNull(context.Work.Extracted.Stamp);
    }

    [Fact]
    public async Task Required_stamp_found_raises_nothing_and_is_reported_with_its_place()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);
        var box = new BoundingBox(1500, 2800, 480, 470);

        var context = await MergeAsync(RussianDocumentTexts.MedicalCertificate, request, Llm(DocumentType.MedicalCertificate, Issued, Ivanov),
            new StampFinding(StampStatus.Found, 0.934, box, 1, StampShapeKind.Round));

        Assert.Empty(context.Errors);
        Assert.Equal(new StampSummary(true, 0.93, 1, box), context.Work.Extracted.Stamp);
    }

    [Fact]
    public async Task Sick_leave_needs_no_stamp()
    {
        var context = await MergeAsync(RussianDocumentTexts.SickLeave, SickLeaveRequest, Llm(DocumentType.SickLeave, Issued, Ivanov), StampFinding.NotFound());

        Assert.Empty(context.Errors);
        Assert.Equal(false, context.Work.Extracted.Stamp?.Found);
    }

    private static void AssertRejectionBecameTheDisagreement(DocumentContext context, ErrorCode rulesRejection)
    {
        Assert.DoesNotContain(context.Errors, e => e.Code == rulesRejection);
        var disagree = Assert.Single(context.Errors);
        Assert.Equal(ErrorCode.ChecksDisagree, disagree.Code);
        Assert.Equal(Severity.Review, disagree.Severity);
        Assert.Equal(Verdict.ManualReview, VerdictPolicy.Decide(context.Errors));
    }

    private static RuleFindings Rules(string text, DocumentRequest request) =>
        RuleChecks.Run(text, request, Policy);

    private static LlmCheck Llm(DocumentType? docType, DateOnly? issued, string subject) =>
        LlmCheck.Used(new LlmFindings(docType, issued,
            [new LlmPerson(subject.ToUpperInvariant(), subject, "subject"), new LlmPerson("Сидоров А.Н.", "Сидоров А. Н.", "official")],
            true, "Прочитано по тексту документа."));

    private static Task<DocumentContext> MergeAsync(string text, DocumentRequest request, LlmCheck llm, StampFinding? stamp = null) =>
        MergeAsync(Rules(text, request), request, llm, stamp);

    private static async Task<DocumentContext> MergeAsync(RuleFindings rules, DocumentRequest request, LlmCheck llm, StampFinding? stamp = null)
    {
        var context = new DocumentContext(Guid.CreateVersion7(), DateTimeOffset.UnixEpoch, request, new DocumentInput("runs/test/input"), Policy);
        context.Work.Rules.Write(rules);
        context.Work.Llm.Write(llm);
        if (stamp is not null)
        {
            context.Work.Stamp.Write(stamp);
        }

        var result = await new MergeStage().RunAsync(context, CancellationToken.None);

        Assert.Equal(StageResult.Continue, result);
        return context;
    }
}
