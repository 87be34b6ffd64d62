using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Synthetic;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// The small documents a reliability scenario submits: one-page income certificates with a text layer (no OCR, so a job
/// takes a fraction of a second and the load is about the job machinery), each a different file for a different person
/// and date — except every <see cref="RepeatEvery"/>-th submission, which sends an earlier file with the same fields
/// again, the case the duplicate-work cache answers.
/// </summary>
public static class ReliabilityDocuments
{
    public const int RepeatEvery = 10;

    private static readonly string[] People =
    [
        "Иванов Иван Петрович", "Смирнов Дмитрий Алексеевич", "Кузнецов Сергей Николаевич", "Попов Андрей Викторович",
        "Соколов Илья Дмитриевич", "Лебедев Михаил Олегович", "Морозов Павел Сергеевич", "Волков Николай Андреевич",
        "Иванова Мария Петровна", "Смирнова Елена Викторовна", "Кузнецова Ольга Андреевна", "Попова Наталья Сергеевна",
    ];

    /// <summary><paramref name="count"/> submissions; <paramref name="salt"/> makes another scenario's files differ from these.</summary>
    public static IReadOnlyList<Submission> Build(int count, int salt)
    {
        var submissions = new Submission[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
        {
            if (i % RepeatEvery != RepeatEvery - 1)
            {
                submissions[i] = Render(i, salt);
            }
        });

        for (var i = RepeatEvery - 1; i < count; i += RepeatEvery)
        {
            submissions[i] = submissions[i - (RepeatEvery / 2)];
        }

        return submissions;
    }

    /// <summary><paramref name="count"/> submissions, every one a different file for a different person or date: nothing for the duplicate-work cache to serve.</summary>
    public static IReadOnlyList<Submission> Distinct(int count, int salt)
    {
        var submissions = new Submission[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i => submissions[i] = Render(i, salt));
        return submissions;
    }

    private static Submission Render(int index, int salt)
    {
        var fio = People[index % People.Length];
        var applied = SyntheticCorpus.BaseApplicationDate;
        var issued = applied.AddDays(-(3 + ((index / People.Length) + salt) % 40));
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.IncomeCertificate, fio, issued) { Seed = (salt * 100_003) + index });
        return new Submission(PdfFactory.TextPdf(document), $"certificate-{index}.pdf",
            new DeferralRequest(fio, DeferralReason.IncomeDecrease, DocumentType.IncomeCertificate, applied));
    }
}
