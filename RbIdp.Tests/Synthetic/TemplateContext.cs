using System.Globalization;

namespace RbIdp.Tests.Synthetic;

/// <summary>What a template needs to write one document: the spec, a seeded random source, and the subject's and dates' printed forms.</summary>
internal sealed class TemplateContext(DocumentSpec spec)
{
    private static readonly string[] MonthsGenitive =
    [
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ];

    public DocumentSpec Spec { get; } = spec;

    public Random Random { get; } = new(spec.Seed);

    public PersonName Subject { get; } = PersonName.Parse(spec.SubjectFio);

    public bool Male => Subject.Gender == Gender.Male;

    public string? SubjectAsPrinted { get; private set; }

    public string? IssueDateAsPrinted { get; private set; }

    /// <summary>"он"/"она"-style agreement: <c>G("признан", "признана")</c>.</summary>
    public string G(string male, string female) => Male ? male : female;

    public T Pick<T>(params T[] options) => options[Random.Next(options.Length)];

    public string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => (char)('0' + (i == 0 ? Random.Next(1, 10) : Random.Next(10)))));

    /// <summary>The subject's name in the spec's form (or <paramref name="usual"/>), or blank when omitted.</summary>
    public string SubjectName(SubjectForm usual, bool upper = false)
    {
        if (Spec.OmitSubject)
        {
            return "____________________";
        }

        var printed = Spec.PrintedSubject ?? (Spec.SubjectForm ?? usual) switch
        {
            SubjectForm.Genitive => Subject.In(NameCase.Genitive),
            SubjectForm.Dative => Subject.In(NameCase.Dative),
            SubjectForm.Instrumental => Subject.In(NameCase.Instrumental),
            SubjectForm.Initials => Subject.Decline(CaseOf(usual)).WithInitials(),
            _ => Subject.Full,
        };
        printed = upper ? printed.ToUpperInvariant() : printed;
        SubjectAsPrinted ??= printed;
        return printed;
    }

    /// <summary>Writes the subject on labelled "Фамилия / Имя / Отчество" fields (one line, or three).</summary>
    public void SubjectFields(DocText text, bool upper, bool oneLine)
    {
        if (Spec.PrintedSubject is not null || Spec.SubjectForm is not (null or SubjectForm.LabelledFields))
        {
            text.Columns("Фамилия, имя, отчество", SubjectName(SubjectForm.Nominative, upper));
            return;
        }

        string Field(string value) => Spec.OmitSubject ? "______________" : upper ? value.ToUpperInvariant() : value;
        var (surname, given, patronymic) = (Field(Subject.Surname), Field(Subject.Given), Field(Subject.Patronymic ?? string.Empty));
        if (oneLine)
        {
            text.Columns("Фамилия", surname, "Имя", given, "Отчество", patronymic);
        }
        else
        {
            text.Columns("Фамилия", surname).Columns("Имя", given).Columns("Отчество", patronymic);
        }

        if (!Spec.OmitSubject)
        {
            SubjectAsPrinted ??= $"{surname} {given} {patronymic}".TrimEnd();
        }
    }

    /// <summary>An official with initials: "Петрова А.С.".</summary>
    public static string Official(string fio) => PersonName.Parse(fio).WithInitials();

    public string Date(DateOnly date, DateStyle? style = null) => (style ?? Spec.DateStyle ?? DateStyle.Numeric) switch
    {
        DateStyle.Quoted => $"«{date.Day:00}» {MonthsGenitive[date.Month - 1]} {date.Year} г.",
        DateStyle.Words => $"{date.Day} {MonthsGenitive[date.Month - 1]} {date.Year} года",
        DateStyle.Iso => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>A date that is not the issue date (a period, an order, an event); blank without <see cref="DocumentSpec.DistractorDates"/>.</summary>
    public string OtherDate(DateOnly date, DateStyle style = DateStyle.Numeric) =>
        Spec.DistractorDates ? Date(date, style) : style == DateStyle.Numeric ? "__.__.______" : "«___» ____________ 20___ г.";

    /// <summary>The issue date in the spec's style (or <paramref name="usual"/>), or a blank form field when omitted.</summary>
    public string IssueDate(DateStyle usual = DateStyle.Numeric)
    {
        var style = Spec.DateStyle ?? usual;
        if (Spec.OmitIssueDate)
        {
            return style is DateStyle.Quoted or DateStyle.Words ? "«___» ____________ 20___ г." : "__.__.______";
        }

        var printed = Date(Spec.IssueDate, style);
        IssueDateAsPrinted ??= printed;
        return printed;
    }

    /// <summary>A plausible date <paramref name="minDays"/>..<paramref name="maxDays"/> days before the issue date.</summary>
    public DateOnly DaysBefore(int minDays, int maxDays) => Spec.IssueDate.AddDays(-Random.Next(minDays, maxDays + 1));

    private static NameCase CaseOf(SubjectForm form) => form switch
    {
        SubjectForm.Genitive => NameCase.Genitive,
        SubjectForm.Dative => NameCase.Dative,
        SubjectForm.Instrumental => NameCase.Instrumental,
        _ => NameCase.Nominative,
    };
}
