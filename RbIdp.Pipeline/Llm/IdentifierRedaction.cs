using System.Text.RegularExpressions;

namespace RbIdp.Pipeline.Llm;

/// <summary>The identifiers the LLM does not need to judge a document, and that never leave for it when redacted.</summary>
[Flags]
internal enum RedactedIdentifiers
{
    None = 0,

    /// <summary>A Russian passport's series and number (<c>45 08 123456</c>, <c>4508 № 123456</c>, <c>серия 4508 № 123456</c>); ten digits in one run are not taken for one.</summary>
    Passport = 1,

    /// <summary>СНИЛС, the pension insurance number (<c>123-456-789 01</c>, or any digits after «СНИЛС»).</summary>
    Snils = 2,

    /// <summary>ИНН, a taxpayer number: 10 or 12 digits in one run (not after «№»: a sick leave's number), or after «ИНН».</summary>
    Inn = 4,

    /// <summary>Telephone numbers (<c>+7 (916) 123-45-67</c>, <c>8 916 1234567</c>, digits after «тел.»).</summary>
    Phone = 8,

    /// <summary>Addresses: the rest of the line after «адрес», «зарегистрирован(а) по адресу», «проживающий по адресу», and street-house-flat runs.</summary>
    Address = 16,

    All = Passport | Snils | Inn | Phone | Address,
}

/// <summary>What was sent in place of the OCR text, and how many identifiers of each kind it lost.</summary>
internal sealed record RedactedText(string Text, IReadOnlyDictionary<string, int> Removed);

/// <summary>
/// Replaces the identifiers chosen by <c>Llm:Redact</c> with a placeholder naming their kind (<c>[СНИЛС]</c>), so
/// the LLM still sees that the document carries one. Dates, names and titles are left as read: those are what it checks.
/// </summary>
internal static partial class IdentifierRedaction
{
    public static RedactedText Apply(string text, RedactedIdentifiers kinds)
    {
        ArgumentNullException.ThrowIfNull(text);
        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        // Longer and labelled numbers first, so that a 10-digit ИНН is not read as a passport.
        if (kinds.HasFlag(RedactedIdentifiers.Snils))
        {
            text = Replace(text, SnilsLabelled(), "СНИЛС [СНИЛС]", nameof(RedactedIdentifiers.Snils), removed);
            text = Replace(text, SnilsBare(), "[СНИЛС]", nameof(RedactedIdentifiers.Snils), removed);
        }

        if (kinds.HasFlag(RedactedIdentifiers.Inn))
        {
            text = Replace(text, InnLabelled(), "ИНН [ИНН]", nameof(RedactedIdentifiers.Inn), removed);
            text = Replace(text, InnBare(), "[ИНН]", nameof(RedactedIdentifiers.Inn), removed);
        }

        if (kinds.HasFlag(RedactedIdentifiers.Phone))
        {
            text = Replace(text, PhoneLabelled(), "тел. [ТЕЛЕФОН]", nameof(RedactedIdentifiers.Phone), removed);
            text = Replace(text, PhoneBare(), "[ТЕЛЕФОН]", nameof(RedactedIdentifiers.Phone), removed);
        }

        if (kinds.HasFlag(RedactedIdentifiers.Passport))
        {
            text = Replace(text, PassportLabelled(), "[ПАСПОРТ]", nameof(RedactedIdentifiers.Passport), removed);
            text = Replace(text, PassportBare(), "[ПАСПОРТ]", nameof(RedactedIdentifiers.Passport), removed);
        }

        if (kinds.HasFlag(RedactedIdentifiers.Address))
        {
            text = AddressLabelled().Replace(text, m => Count(removed, nameof(RedactedIdentifiers.Address), m.Groups["label"].Value + " [АДРЕС]"));
            text = Replace(text, StreetRun(), "[АДРЕС]", nameof(RedactedIdentifiers.Address), removed);
        }

        return new RedactedText(text, removed);
    }

    private static string Replace(string text, Regex pattern, string placeholder, string kind, Dictionary<string, int> removed) =>
        pattern.Replace(text, _ => Count(removed, kind, placeholder));

    private static string Count(Dictionary<string, int> removed, string kind, string placeholder)
    {
        removed[kind] = removed.GetValueOrDefault(kind) + 1;
        return placeholder;
    }

    [GeneratedRegex(@"(?i)серия\s*\d{2}\s?\d{2}\s*(?:№|n|номер)?\s*\d{6}\b")]
    private static partial Regex PassportLabelled();

    [GeneratedRegex(@"(?<!\d)\d{2}\s?\d{2}(?:\s*№\s*|\s+)\d{6}(?!\d)")]
    private static partial Regex PassportBare();

    [GeneratedRegex(@"(?i)СНИЛС\W{0,5}\d[\d \-]{9,14}\d")]
    private static partial Regex SnilsLabelled();

    [GeneratedRegex(@"(?<!\d)\d{3}-\d{3}-\d{3}[ \-]\d{2}(?!\d)")]
    private static partial Regex SnilsBare();

    [GeneratedRegex(@"(?i)ИНН\W{0,5}(?:\d{12}|\d{10})(?!\d)")]
    private static partial Regex InnLabelled();

    [GeneratedRegex(@"(?<!(?:№|N)\s*)(?<![\d.\-])(?:\d{12}|\d{10})(?![\d.\-])")]
    private static partial Regex InnBare();

    [GeneratedRegex(@"(?i)(?:тел\.|телефон|тел:)\s*[:.]?\s*\+?[\d()][\d() \-]{4,}\d")]
    private static partial Regex PhoneLabelled();

    [GeneratedRegex(@"(?<![\d\-])(?:\+7|8)[ \-]?\(?\d{3}\)?[ \-]?\d{3}[ \-]?\d{2}[ \-]?\d{2}(?![\d\-])")]
    private static partial Regex PhoneBare();

    [GeneratedRegex(@"(?im)(?<label>адрес(?:\s+(?:регистрации|проживания|места\s+жительства|места\s+пребывания))?|зарегистрирован[а-я]*\s+по\s+адресу|прожива[а-я]*\s+по\s+адресу)[ \t]*:?[ \t]*[^\n]+")]
    private static partial Regex AddressLabelled();

    [GeneratedRegex(@"(?i)(?:\b(?:г\.|город)\s*[А-ЯЁ][а-яё\-]+,\s*)?(?<![А-Яа-яЁё])(?:ул\.|улица|пр-т|проспект|пер\.|переулок|ш\.|шоссе|б-р|бульвар|наб\.|набережная|мкр\.|микрорайон)\s*[^,\n]+(?:,\s*(?:д\.|дом|корп\.|к\.|стр\.|кв\.|квартира)\s*[\w/\-]+)*")]
    private static partial Regex StreetRun();
}
