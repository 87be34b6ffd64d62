using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Tests.Checks;

public sealed class RuleChecksTests
{
    private const string Ivanov = "Иванов Иван Петрович";
    private static readonly DeferralPolicy Policy = DeferralPolicy.LoadDefault();
    private static readonly DateOnly Applied = new(2026, 11, 20);

    public static TheoryData<string, DeferralReason, DocumentType> OwnDocuments { get; } = new()
    {
        { nameof(RussianDocumentTexts.SickLeave), DeferralReason.Illness, DocumentType.SickLeave },
        { nameof(RussianDocumentTexts.MedicalCertificate), DeferralReason.Illness, DocumentType.MedicalCertificate },
        { nameof(RussianDocumentTexts.UnemploymentCertificate), DeferralReason.JobLoss, DocumentType.UnemploymentCertificate },
        { nameof(RussianDocumentTexts.EmploymentRecord), DeferralReason.JobLoss, DocumentType.EmploymentRecord },
        { nameof(RussianDocumentTexts.DismissalOrder), DeferralReason.JobLoss, DocumentType.EmploymentRecord },
        { nameof(RussianDocumentTexts.IncomeCertificate), DeferralReason.IncomeDecrease, DocumentType.IncomeCertificate },
        { nameof(RussianDocumentTexts.MobilizationNotice), DeferralReason.Mobilization, DocumentType.MobilizationNotice },
        { nameof(RussianDocumentTexts.DisabilityCertificate), DeferralReason.Disability, DocumentType.DisabilityCertificate },
        { nameof(RussianDocumentTexts.EmergencyCertificate), DeferralReason.Emergency, DocumentType.EmergencyCertificate },
        { nameof(RussianDocumentTexts.BirthCertificate), DeferralReason.Maternity, DocumentType.BirthCertificate },
    };

    [Theory]
    [MemberData(nameof(OwnDocuments))]
    public void Applicants_own_fresh_document_of_the_declared_type_raises_nothing(string document, DeferralReason reason, DocumentType docType)
    {
        var findings = RuleChecks.Run(RussianDocumentTexts.ByName(document), new DocumentRequest(Ivanov, reason, docType, Applied), Policy);

        Assert.True(findings.Errors.Count == 0, string.Join("; ", findings.Errors.Select(e => $"{e.Code}: {e.Message}")));
        Assert.Equal(docType, findings.DocType);
        Assert.NotNull(findings.IssueDate);
        Assert.NotNull(findings.PersonText);
    }

    [Theory]
    [MemberData(nameof(OwnDocuments))]
    public void Same_documents_with_OCR_noise_still_pass(string document, DeferralReason reason, DocumentType docType)
    {
        var text = OcrNoise.Apply(RussianDocumentTexts.ByName(document));

        var findings = RuleChecks.Run(text, new DocumentRequest(Ivanov, reason, docType, Applied), Policy);

        Assert.True(findings.Errors.Count == 0, string.Join("; ", findings.Errors.Select(e => $"{e.Code}: {e.Message}")));
        Assert.NotEqual(text, RussianDocumentTexts.ByName(document));
    }

    [Fact]
    public void Certificate_older_than_its_window_is_expired_with_the_date_as_evidence()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, new DateOnly(2026, 12, 20));

        var findings = RuleChecks.Run(RussianDocumentTexts.MedicalCertificate, request, Policy);

        var error = Assert.Single(findings.Errors);
        Assert.Equal((ErrorCode.DocumentExpired, Severity.Reject, ErrorSource.Rules), (error.Code, error.Severity, error.Source));
        Assert.Equal("Issued 2026-11-10, more than 30 days before 2026-12-20", error.Message);
        Assert.Equal("«10» ноября 2026 г.", error.Evidence?.Text);
        Assert.Equal(Verdict.Rejected, VerdictPolicy.Decide(findings.Errors));
    }

    [Fact]
    public void Document_issued_after_the_application_is_dated_in_the_future()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 1));

        var findings = RuleChecks.Run(RussianDocumentTexts.SickLeave, request, Policy);

        Assert.Equal([ErrorCode.DateInFuture], findings.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Another_name_read_off_an_illegible_page_is_not_found_rather_than_a_mismatch()
    {
        var request = new DocumentRequest("Петров Сергей Иванович", DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);
        var text = RussianDocumentTexts.MedicalCertificate;

        var legible = RuleChecks.Run(text, request, Policy, ReadAt(text, 92));
        var illegible = RuleChecks.Run(text, request, Policy, ReadAt(text, Policy.Thresholds.MinOcrConfidence - 20));

        Assert.Contains(legible.Errors, e => e.Code == ErrorCode.FioMismatch);
        Assert.DoesNotContain(illegible.Errors, e => e.Code == ErrorCode.FioMismatch);
        Assert.Contains(illegible.Errors, e => e.Code == ErrorCode.FioNotFound && e.Severity == Severity.Review);
    }

    [Fact]
    public void Sick_leave_declared_as_a_medical_certificate_is_a_type_mismatch()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);

        var findings = RuleChecks.Run(RussianDocumentTexts.SickLeave, request, Policy);

        var error = Assert.Single(findings.Errors);
        Assert.Equal((ErrorCode.DocTypeMismatch, Severity.Reject), (error.Code, error.Severity));
        Assert.StartsWith("Declared medical_certificate, but the document is a sick_leave (1.00)", error.Message, StringComparison.Ordinal);
        Assert.Equal(DocumentType.SickLeave, findings.DocType);
    }

    [Fact]
    public void A_document_of_another_kind_is_a_type_mismatch_whatever_it_is_claimed_as()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);

        var findings = RuleChecks.Run(RussianDocumentTexts.RentalContract, request, Policy);

        var error = Assert.Single(findings.Errors, e => e.Code == ErrorCode.DocTypeMismatch);
        Assert.Equal(Severity.Reject, error.Severity);
        Assert.Contains("«ДОГОВОР АРЕНДЫ»", error.Message, StringComparison.Ordinal);
        Assert.Null(findings.DocType);
    }

    [Fact]
    public void A_text_that_names_no_kind_of_document_is_of_unknown_type_for_review()
    {
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, Applied);

        var findings = RuleChecks.Run("Уважаемый Иван Петрович!\nНапоминаем о встрече 12.11.2026 в 10:00.\nС уважением, Иванов И.П.", request, Policy);

        Assert.Contains(findings.Errors, e => e is { Code: ErrorCode.DocTypeUnknown, Severity: Severity.Review });
        Assert.Null(findings.DocType);
    }

    [Fact]
    public void Someone_elses_document_is_a_name_mismatch_pointing_at_the_other_subject()
    {
        var request = new DocumentRequest("Петров Пётр Сергеевич", DeferralReason.JobLoss, DocumentType.UnemploymentCertificate, Applied);

        var findings = RuleChecks.Run(RussianDocumentTexts.UnemploymentCertificate, request, Policy);

        var error = Assert.Single(findings.Errors);
        Assert.Equal((ErrorCode.FioMismatch, Severity.Reject), (error.Code, error.Severity));
        Assert.Equal("Иванову Ивану Петровичу", error.Evidence?.Text);
        Assert.Equal(1, error.Evidence?.Page);
    }

    [Fact]
    public void Document_without_a_name_or_a_date_goes_to_review()
    {
        const string text = "ГКУ «Центр занятости населения города Москвы»\nСПРАВКА\nГражданин признан безработным.\nИнспектор ______";
        var request = new DocumentRequest(Ivanov, DeferralReason.JobLoss, DocumentType.UnemploymentCertificate, Applied);

        var findings = RuleChecks.Run(text, request, Policy);

        Assert.Equal([ErrorCode.FioNotFound, ErrorCode.DateMissing], findings.Errors.Select(e => e.Code));
        Assert.Equal(Verdict.ManualReview, VerdictPolicy.Decide(findings.Errors));
    }

    [Fact]
    public void Evidence_names_the_page_it_was_found_on()
    {
        var text = "Страница 1\n\f\n" + RussianDocumentTexts.MedicalCertificate;
        var request = new DocumentRequest(Ivanov, DeferralReason.Illness, DocumentType.MedicalCertificate, new DateOnly(2026, 12, 20));

        var findings = RuleChecks.Run(text, request, Policy);

        Assert.Equal(2, Assert.Single(findings.Errors).Evidence?.Page);
    }

    /// <summary>The text as one OCR page whose every word was read with <paramref name="confidence"/>.</summary>
    internal static OcrTextMap ReadAt(string text, double confidence)
    {
        var words = text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new OcrWord(w, (float)confidence, new BoundingBox(0, 0, 1, 1), 0, 0))
            .ToList();
        return OcrTextMap.Of(new OcrDocument([new OcrPage(1, text, words, confidence, TextSource.Ocr, 0, 0, 100, 100, 300)]));
    }
}
