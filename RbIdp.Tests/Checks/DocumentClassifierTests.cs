using RbIdp.Pipeline.Checks.Classification;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Tests.Checks;

public sealed class DocumentClassifierTests
{
    private static readonly DecisionThresholds Thresholds = DeferralPolicy.LoadDefault().Thresholds;

    [Theory]
    [InlineData(nameof(RussianDocumentTexts.SickLeave), DocumentType.SickLeave)]
    [InlineData(nameof(RussianDocumentTexts.MedicalCertificate), DocumentType.MedicalCertificate)]
    [InlineData(nameof(RussianDocumentTexts.UnemploymentCertificate), DocumentType.UnemploymentCertificate)]
    [InlineData(nameof(RussianDocumentTexts.UnemploymentCertificateMentioningWorkBook), DocumentType.UnemploymentCertificate)]
    [InlineData(nameof(RussianDocumentTexts.EmploymentRecord), DocumentType.EmploymentRecord)]
    [InlineData(nameof(RussianDocumentTexts.DismissalOrder), DocumentType.EmploymentRecord)]
    [InlineData(nameof(RussianDocumentTexts.IncomeCertificate), DocumentType.IncomeCertificate)]
    [InlineData(nameof(RussianDocumentTexts.MobilizationNotice), DocumentType.MobilizationNotice)]
    [InlineData(nameof(RussianDocumentTexts.DisabilityCertificate), DocumentType.DisabilityCertificate)]
    [InlineData(nameof(RussianDocumentTexts.EmergencyCertificate), DocumentType.EmergencyCertificate)]
    [InlineData(nameof(RussianDocumentTexts.BirthCertificate), DocumentType.BirthCertificate)]
    public void Realistic_document_is_recognised(string document, DocumentType expected)
    {
        var result = DocumentClassifier.Classify(RussianDocumentTexts.ByName(document), Thresholds);

        Assert.True(result.Type == expected, Describe(result));
    }

    [Theory]
    [InlineData("ЭЛН with homoglyphs and и/н errors", "ЛИCTOK HETPУДOCПOCOБHOCTИ № 910123456789\nПрнчина нетрудоспособностн: 01\nОсвобожденне от работы с 10.11.2026", DocumentType.SickLeave)]
    [InlineData("a word broken by a stray space", "Листок нетрудо способности\nДата выдачи 10.11.2026", DocumentType.SickLeave)]
    [InlineData("two words run together", "СВИДЕТЕЛЬСТВООРОЖДЕНИИ\nОтец Иванов Иван Петрович", DocumentType.BirthCertificate)]
    [InlineData("a short ЦЗН certificate", "ГКУ ЦЗН г. Москвы\nСправка\nГражданин признан безработным с 08.11.2026", DocumentType.UnemploymentCertificate)]
    [InlineData("a discharge summary", "ГБУЗ ГКБ № 1\nВЫПИСНОЙ ЭПИКРИЗ\nиз медицинской карты стационарного больного № 1234\nДиагноз: пневмония", DocumentType.MedicalCertificate)]
    [InlineData("a military enlistment office certificate", "Военный комиссариат города Тулы\nСправка\nдана в том, что он призван на военную службу по мобилизации", DocumentType.MobilizationNotice)]
    [InlineData("a trudovaya knizhka page", "ТРУДОВАЯ КНИЖКА\nСведения о работе\nУволен по собственному желанию, статья 80 Трудового кодекса РФ", DocumentType.EmploymentRecord)]
    public void Noisy_or_other_wordings_are_recognised(string scenario, string text, DocumentType expected) =>
        AssertClassifiedAs(expected, scenario, text);

    [Theory]
    [InlineData("a medical certificate saying no sick leave was issued", "ГБУЗ ГП № 3\nМЕДИЦИНСКАЯ СПРАВКА\nВыдана Иванову Ивану Петровичу в том, что он находился на амбулаторном лечении с 01.11.2026 по 09.11.2026.\nДиагноз: ОРВИ. Листок нетрудоспособности не выдавался.\nВрач Сидоров А.Н.", DocumentType.MedicalCertificate)]
    [InlineData("a sick leave whose employer is a ЦЗН", "ЛИСТОК НЕТРУДОСПОСОБНОСТИ\nпо уходу за больным членом семьи\nМесто работы: ГКУ Центр занятости населения г. Москвы\nДиагноз код 09", DocumentType.SickLeave)]
    [InlineData("a 2-NDFL listing sick pay and a dismissal compensation", "Справка о доходах и суммах налога физического лица за 2026 год\nКод дохода 2300 (пособие по временной нетрудоспособности)\nКод дохода 2013 (компенсация за неиспользованный отпуск при увольнении)", DocumentType.IncomeCertificate)]
    public void Cross_mentions_of_other_documents_do_not_change_the_type(string scenario, string text, DocumentType expected) =>
        AssertClassifiedAs(expected, scenario, text);

    [Theory]
    [InlineData("an unrelated contract", RussianDocumentTexts.RentalContract)]
    [InlineData("two equally strong titles", RussianDocumentTexts.SickLeaveAndIncome)]
    [InlineData("a medical word alone", "Диагноз: ОРВИ")]
    [InlineData("empty text", "")]
    [InlineData("a blood test", "Анализ крови общий. Гемоглобин 140 г/л. Лейкоциты 6,2.")]
    [InlineData("the borrower's own application", "Заявление на предоставление кредитных каникул. Прошу предоставить отсрочку по кредиту в связи с болезнью.")]
    public void Weak_or_ambiguous_text_is_unknown(string scenario, string text) =>
        AssertClassifiedAs(null, scenario, text);

    [Fact]
    public void Income_certificate_mentioning_sick_pay_stays_an_income_certificate_by_a_wide_margin()
    {
        var result = DocumentClassifier.Classify(RussianDocumentTexts.IncomeCertificate, Thresholds);

        Assert.Equal(DocumentType.IncomeCertificate, result.Type);
        Assert.True(result.Scores[0].Score - result.Scores[1].Score >= 2 * Thresholds.ClassifierMinMargin, Describe(result));
    }

    private static void AssertClassifiedAs(DocumentType? expected, string scenario, string text)
    {
        var result = DocumentClassifier.Classify(text, Thresholds);

        Assert.True(result.Type == expected, $"{scenario}: {Describe(result)}");
    }

    private static string Describe(DocumentClassification result) =>
        string.Join("; ", result.Scores.Take(3).Select(s => $"{s.Type} {s.Score:0.00} [{string.Join(", ", s.Evidence)}]"));
}
