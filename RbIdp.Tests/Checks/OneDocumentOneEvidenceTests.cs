using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Tests.Checks;

/// <summary>
/// A file may hold several documents (a cover letter, the certificate, its back side): the name, the date and the stamp
/// that decide come from the pages of the claimed document.
/// </summary>
public sealed class OneDocumentOneEvidenceTests
{
    private static readonly DeferralPolicy Policy = DeferralPolicy.LoadDefault();
    private static readonly DateOnly Applied = new(2026, 11, 20);

    private const string CoverLetter = """
        В ПАО «Банк»
        от Петрова Сергея Николаевича
        ЗАЯВЛЕНИЕ
        Прошу предоставить отсрочку платежей по кредиту. Приложение: справка.
        01.06.2026
        """;

    private const string Certificate = """
        ГКУ «Центр занятости населения района Марьино»
        СПРАВКА
        о признании гражданина безработным
        Выдана Иванову Ивану Петровичу в том, что он признан безработным.
        «10» ноября 2026 г.
        """;

    private static DocumentRequest Request(string fio = "Иванов Иван Петрович") =>
        new(fio, DeferralReason.JobLoss, DocumentType.UnemploymentCertificate, Applied);

    [Fact]
    public void A_cover_letter_before_the_certificate_lends_it_neither_its_date_nor_its_signatory()
    {
        var text = CoverLetter + "\n\f\n" + Certificate;

        var findings = RuleChecks.Run(text, Request(), Policy);

        Assert.Equal([2], findings.Document?.Pages);
        Assert.Equal(new DateOnly(2026, 11, 10), findings.IssueDate?.Date);
        Assert.Equal(FioOutcome.Match, findings.Person.Outcome);
        Assert.Empty(findings.Errors);
    }

    [Fact]
    public void A_cover_letter_by_the_applicant_does_not_make_someone_elses_certificate_theirs()
    {
        var text = CoverLetter + "\n\f\n" + Certificate;

        var findings = RuleChecks.Run(text, Request("Петров Сергей Николаевич"), Policy);

        Assert.Contains(findings.Errors, e => e is { Code: ErrorCode.FioMismatch, Evidence.Page: 2 });
    }

    [Fact]
    public void Pages_of_the_claimed_document_that_name_different_subjects_go_to_review()
    {
        var other = Certificate.Replace("Иванову Ивану Петровичу", "Сидорову Олегу Викторовичу", StringComparison.Ordinal);
        var text = Certificate + "\n\f\n" + other;

        var findings = RuleChecks.Run(text, Request(), Policy);

        Assert.DoesNotContain(findings.Errors, e => e.Severity == Severity.Reject);
        Assert.Contains(findings.Errors, e => e is { Code: ErrorCode.FioNotFound, Severity: Severity.Review });
    }

    [Fact]
    public void A_back_side_that_reads_as_no_type_stays_with_its_certificate()
    {
        var claimed = ClaimedDocument.Of(CoverLetter + "\n\f\n" + Certificate + "\n\f\nМ.П.\nПодпись ______", DocumentType.UnemploymentCertificate, Policy);

        Assert.Equal([2, 3], claimed.Pages);
    }

    [Fact]
    public void A_stamp_on_the_cover_letter_does_not_stamp_the_certificate()
    {
        var claimed = ClaimedDocument.Of(CoverLetter + "\n\f\n" + Certificate, DocumentType.UnemploymentCertificate, Policy);
        var onLetter = new StampFinding(StampStatus.Found, 0.9, new BoundingBox(10, 10, 100, 100), 1, StampShapeKind.Round);
        var onCertificate = onLetter with { Page = 2 };

        var missing = StampRequirement.Evaluate(onLetter, DocumentType.UnemploymentCertificate, Policy, claimed);
        var present = StampRequirement.Evaluate(onCertificate, DocumentType.UnemploymentCertificate, Policy, claimed);

        Assert.Equal((ErrorCode.StampMissing, Severity.Review), (missing?.Code, missing?.Severity));
        Assert.Null(present);
    }

    [Theory]
    [InlineData(DocumentType.SickLeave)]
    [InlineData(DocumentType.IncomeCertificate)]
    public void Stamp_free_types_need_no_stamp(DocumentType type) =>
        Assert.Null(StampRequirement.Evaluate(StampFinding.NotFound(), type, Policy));

    [Fact]
    public void A_page_without_colour_cannot_show_a_stamp_and_says_so()
    {
        var error = StampRequirement.Evaluate(StampFinding.Unknown(1), DocumentType.BirthCertificate, Policy);

        Assert.Contains("no colour", error?.Message, StringComparison.Ordinal);
    }
}
