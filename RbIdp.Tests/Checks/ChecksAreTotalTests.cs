using System.Text;
using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Classification;
using RbIdp.Pipeline.Checks.Dates;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Tests.Checks;

/// <summary>Nothing a document contains may crash a check: every check is total over any text, random or hostile.</summary>
public sealed class ChecksAreTotalTests
{
    private static readonly DeferralPolicy Policy = DeferralPolicy.LoadDefault();

    // Pieces real documents are made of, and the edges of every pattern the checks use.
    private static readonly string[] Pieces =
    [
        "листок", "нетрудоспособности", "листокнетрудоспособности", "Номер", "ЛН", "номер лн", "справка", "о", "доходах", "и", "суммах",
        "налога", "ДОГОВОР", "КУПЛИ-ПРОДАЖИ", "Фамилия", "Имя", "Отчество", "Ф.И.О.", "Иванов", "Иванова", "Ивану", "Петровичу", "И.", "П.",
        "РП.", "ИП", "Отец", "Мать", "выдана", "Дата", "выдачи", "формирования", "от", "за", "2017", "год", "«", "»", "12", ".", "11",
        "2026", "г.", "г.р.", "r.p.", "-", "–", "—", "|", "_", "__", "/", ":", "№", "\n", "\n\n", "\f", " ", "  ", "ё", "Ё", "a", "o", "x",
        "1O", "l2", "31.02.2026", "00.00.0000", "99.99.9999", "12 . 11 . 2026", "«12» ноября 2026 г.", "2026-11-12", "ноября", "мая",
        "М.П.", "Вх. №", "подпись", "\u0000", "\uFFFD", "𝐀", "\u200B", "ﬁ", "ǅ", "\r\n", "\t", "Соколова-Микитова", "-Иванов-", "--",
    ];

    [Fact]
    public void Every_check_is_total_over_random_and_adversarial_text()
    {
        var random = new Random(20261206);
        var request = new DocumentRequest("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 20));
        for (var round = 0; round < 3000; round++)
        {
            var text = round % 3 == 0 ? RandomChars(random) : RandomPieces(random);
            var failure = Record.Exception(() =>
            {
                DocumentClassifier.Classify(text, Policy.Thresholds, Policy.TitleRequired);
                IssueDateExtractor.Extract(text, request.ApplicationDate);
                PersonMentionFinder.Find(text, DocumentType.BirthCertificate);
                FioMatcher.Match(request.Fio, text);
                RuleChecks.Run(text, request, Policy, RuleChecksTests.ReadAt(text, 90));
            });
            Assert.True(failure is null, $"round {round} on {Escape(text)}: {failure}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\f\f\f")]
    [InlineData("номерлн")]
    [InlineData("листокн")]
    [InlineData("Фамилия")]
    [InlineData("Фамилия Имя Отчество")]
    [InlineData("И.")]
    [InlineData("РП.")]
    [InlineData("«12»")]
    [InlineData("от")]
    public void Degenerate_texts_are_answered_not_thrown(string text)
    {
        var request = new DocumentRequest("Иванов Иван Петрович", DeferralReason.JobLoss, DocumentType.EmploymentRecord, new DateOnly(2026, 11, 20));

        var findings = RuleChecks.Run(text, request, Policy);

        Assert.NotEmpty(findings.Errors);
    }

    private static string RandomPieces(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(1, 60); i > 0; i--)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
            if (random.Next(3) > 0)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    private static string RandomChars(Random random)
    {
        const string alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯabcopxyABCEHKMOPTX0123456789 .,:;-–—«»\"'|_/\\№\n\f\t()[]";
        var chars = new char[random.Next(0, 400)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\f", "\\f", StringComparison.Ordinal);
}
