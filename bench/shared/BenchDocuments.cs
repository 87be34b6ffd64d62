using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Synthetic;

/// <summary>Distinct one-page documents of every type (different seeds and people, so no cache can answer).</summary>
internal static class BenchDocuments
{
    private static readonly string[] People = ["Иванов Иван Петрович", "Смирнова Елена Викторовна", "Кузнецов Сергей Николаевич", "Попова Наталья Сергеевна"];

    public static RbIdp.Tests.Worker.Submission Render(int index)
    {
        var type = Enum.GetValues<DocumentType>()[index % Enum.GetValues<DocumentType>().Length];
        var fio = People[index % People.Length];
        var applied = SyntheticCorpus.BaseApplicationDate;
        var spec = new DocumentSpec(type, fio, applied.AddDays(-7 - (index % 10)))
        {
            Seed = 1000 + index,
            Stamp = SyntheticCorpus.StampRequired(type) ? new StampSpec() : null,
        };
        using var document = DocumentGenerator.Render(spec);
        return new RbIdp.Tests.Worker.Submission(document.Pages[0].ToPng(), "document.png", new DeferralRequest(fio, ReasonFor(type), type, applied));
    }

    private static DeferralReason ReasonFor(DocumentType type) => type switch
    {
        DocumentType.SickLeave or DocumentType.MedicalCertificate => DeferralReason.Illness,
        DocumentType.UnemploymentCertificate or DocumentType.EmploymentRecord => DeferralReason.JobLoss,
        DocumentType.IncomeCertificate => DeferralReason.IncomeDecrease,
        DocumentType.MobilizationNotice => DeferralReason.Mobilization,
        DocumentType.DisabilityCertificate => DeferralReason.Disability,
        DocumentType.EmergencyCertificate => DeferralReason.Emergency,
        _ => DeferralReason.Maternity,
    };
}
