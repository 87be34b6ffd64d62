using System.Globalization;
using System.Text.RegularExpressions;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Checks.Dates;

/// <summary>
/// Reads the issue date of a document (DOMAIN.md §3, "Dates"). Finds every well-formed date (12.11.2026, 12.11.26,
/// «12» ноября 2026 г., 12 ноября 2026 года, 2026-11-12, 12/11/2026, boxed 17 . 04 . 2018; month names in any
/// case and with OCR noise), tells from the words before and after what each is about, and takes the best
/// labelled one (the latest on a tie), else the latest unlabelled one, and «Дата формирования» (a print date) only
/// when nothing else dates the document. A label speaks for a date only when no name stands between them: in
/// «Выдана Ивановой И.И., 20.09.1987» the date is not labelled by «выдана». A partly filled, impossible or implausible date
/// («__» ______ 20__ г., 31.02.2026, a year far after the application) is no date. Returns what the document says;
/// the validity window judges it.
/// </summary>
internal static partial class IssueDateExtractor
{
    private static readonly (Phrase Phrase, DateRole Role)[] Labels =
    [
        .. Phrases(DateRole.Issue, "дата выдачи", "выдан*", "дата заполнения", "дата составления", "дата подписания",
            "составлен*", "оформлен*"),
        .. Phrases(DateRole.Printed, "дата формировани*", "сформирован*", "дата печати", "распечатан*"),
        .. Phrases(DateRole.Signature, "дата", "подпис*", "м п"),
        .. Phrases(DateRole.Distractor, "рождени*", "родил*", "родивш*", "с", "по", "до", "период*", "срок*", "явиться", "прибыть",
            "начал*", "окончани*", "продлен*", "переосвидетельствовани*", "освидетельствовани*", "действительн*", "освобождени*", "приступить", "увольнени*",
            "приема", "принят*", "зарегистрирован*", "признан*", "назначен*", "установлен*", "очередн*", "смерти", "умер*",
            "следующ* явк*", "явк*", "дата рождени*", "выезд*"),
    ];

    // Words before the date on its line that make it another document's date: a passport's, a form's approval.
    private static readonly Phrase[] ForeignDocument =
        [.. new[] { "паспорт*", "удостоверя* личност*", "утвержден*", "приложени* к приказ*", "в ред*", "редакци*" }.Select(Phrase.Parse)];

    // The same for an unlabelled or «от» date, looked for a few lines up: a form's header, a law, a decree.
    private static readonly Phrase[] ForeignAct =
        [.. new[] { "утвержден*", "приложени* к приказ*", "в ред*", "редакци*", "указ", "указа", "указом", "федеральн* закон*", "постановлени*" }
            .Select(Phrase.Parse)];

    private static readonly (Phrase Phrase, int Month)[] Months =
    [
        .. new[] { "январ*", "феврал*", "март*", "апрел*", "ма", "июн*", "июл*", "август*", "сентябр*", "октябр*", "ноябр*", "декабр*" }
            .Select((stem, i) => (Phrase.Parse(stem), i + 1)),
    ];

    private static readonly Dictionary<string, int> ShortMonths = new(StringComparer.Ordinal)
    {
        ["май"] = 5, ["мая"] = 5, ["мае"] = 5, ["маю"] = 5, ["маем"] = 5,
        ["янв"] = 1, ["фев"] = 2, ["февр"] = 2, ["мар"] = 3, ["апр"] = 4, ["июн"] = 6, ["июл"] = 7, ["авг"] = 8,
        ["сен"] = 9, ["сент"] = 9, ["окт"] = 10, ["ноя"] = 11, ["нояб"] = 11, ["дек"] = 12,
    };

    /// <param name="text">The document's text.</param>
    /// <param name="notAfter">The latest plausible date (a year after the application): a later one is a misread, not a date.</param>
    public static IssueDate? Extract(string text, DateOnly? notAfter = null)
    {
        var dates = FindDates(text);
        var candidates = dates.Where(d => d.Role != DateRole.Distractor && (notAfter is not { } limit || d.Date <= limit)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.OrderBy(d => d.Role).ThenByDescending(d => d.Date).ThenByDescending(d => d.Start).First();
        var basis = best.Role switch
        {
            DateRole.Issue => IssueDateBasis.Labelled,
            DateRole.Title => IssueDateBasis.Title,
            DateRole.Signature => IssueDateBasis.Signature,
            DateRole.Printed => IssueDateBasis.Printed,
            _ => IssueDateBasis.Latest,
        };
        return new IssueDate(best.Date, best.Text, best.Start, best.End, basis);
    }

    /// <summary>Every valid date in the text, in text order, with what it is about.</summary>
    public static IReadOnlyList<DateMention> FindDates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = DigitLikeOne().Replace(DigitLikeO().Replace(OcrText.Normalize(text), "0"), "1");
        var found = new List<(DateOnly Date, int Start, int End)>();
        foreach (Match m in NumericDate().Matches(normalized))
        {
            Add(found, m, Year(m.Groups["y"].Value), Number(m.Groups["m"].Value), Number(m.Groups["d"].Value));
        }

        foreach (Match m in IsoDate().Matches(normalized))
        {
            Add(found, m, Number(m.Groups["y"].Value), Number(m.Groups["m"].Value), Number(m.Groups["d"].Value));
        }

        foreach (Match m in BoxedDate().Matches(normalized))
        {
            Add(found, m, Number(Digits(m.Groups["y"].Value)), Number(Digits(m.Groups["m"].Value)), Number(Digits(m.Groups["d"].Value)));
        }

        foreach (Match m in WrittenDate().Matches(normalized))
        {
            if (MonthOf(m.Groups["m"].Value) is { } month)
            {
                Add(found, m, Number(m.Groups["y"].Value), month, Number(m.Groups["d"].Value));
            }
        }

        var ordered = found
            .GroupBy(f => f.Start).Select(g => g.OrderByDescending(f => f.End).First())
            .OrderBy(f => f.Start)
            .ToList();
        var mentions = new List<DateMention>(ordered.Count);
        var previousEnd = 0;
        foreach (var (date, start, end) in ordered)
        {
            if (start < previousEnd)
            {
                continue;
            }

            var role = RoleOf(text, normalized, start, end, previousEnd);
            mentions.Add(new DateMention(date, text[start..end].Trim(), start, end, role));
            previousEnd = end;
        }

        return mentions;
    }

    private static DateRole RoleOf(string text, string normalized, int start, int end, int previousEnd)
    {
        var after = normalized[end..LineContext.EndAfter(normalized, end, 30)];
        if (BirthMarkAfter().IsMatch(after) || PeriodDash().IsMatch(after)
            || DeadlineAfter().IsMatch(normalized.AsSpan(end, LineContext.EndAfter(normalized, end, 60) - end)))
        {
            return DateRole.Distractor;
        }

        var from = LineContext.StartBefore(normalized, start, previousEnd, 80);
        var before = normalized[from..start];
        if (previousEnd > 0 && from == previousEnd && DashOnly().IsMatch(before))
        {
            return DateRole.Distractor; // the end of a period "01.10.2026 – 15.10.2026"
        }

        var tokens = OcrText.Tokenize(before);
        if (ForeignDocument.Any(p => p.FindAll(tokens).Any()))
        {
            return DateRole.Distractor;
        }

        var wide = normalized[Math.Max(previousEnd, start - 100)..start];

        DateRole? nearest = null;
        var nearestEnd = -1;
        for (var t = 0; t < tokens.Count; t++)
        {
            foreach (var (phrase, labelRole) in Labels)
            {
                var last = phrase.MatchAt(tokens, t);
                if (last >= 0 && phrase.Pattern.Length <= 2 && before.Length - tokens[last].End > 3)
                {
                    continue; // с, по, до speak of a date only right before it: not "выдана по месту требования"
                }

                if (last >= 0 && tokens[last].End > nearestEnd)
                {
                    (nearest, nearestEnd) = (labelRole, tokens[last].End);
                }
                else if (last >= 0 && tokens[last].End == nearestEnd && phrase.Pattern.Contains(' ', StringComparison.Ordinal))
                {
                    nearest = labelRole; // "дата выдачи" beats its last word alone
                }
            }

            if (tokens[t].Text == "от" && tokens[t].End >= nearestEnd && before.Length - tokens[t].End <= 3)
            {
                var title = TitleBefore().IsMatch(wide) || OwnNumberLine().IsMatch(wide);
                (nearest, nearestEnd) = (title ? DateRole.Title : DateRole.Unlabelled, tokens[t].End);
            }
        }

        if (nearest is not null && SentenceEnds().IsMatch(before.AsSpan(nearestEnd)))
        {
            nearest = null; // «…признан безработным.» above a date on its own line: that sentence is over
        }

        if (nearest is DateRole.Issue or DateRole.Signature or DateRole.Printed && NameBetween(text, from + nearestEnd, start))
        {
            nearest = null; // «Выдана Волковой Вере Владимировне, 20.09.1987»: the label speaks of the person, not of this date
        }

        var role = nearest is { } labelled && before.Length - nearestEnd <= 40 ? labelled
            : SignatureMark().IsMatch(after) ? DateRole.Signature
            : DateRole.Unlabelled;
        if (role is DateRole.Title or DateRole.Unlabelled or DateRole.Signature
            && ForeignAct.Any(p => p.FindAll(OcrText.Tokenize(wide)).Any()))
        {
            return DateRole.Distractor;
        }

        return role;
    }

    // A capitalised Cyrillic word (a name) between a label and its date, in the original text.
    private static bool NameBetween(string text, int from, int to)
    {
        var gap = text.AsSpan(from, Math.Max(0, to - from));
        for (var i = 0; i + 1 < gap.Length; i++)
        {
            if (char.IsUpper(gap[i]) && LatinLookAlikes.IsCyrillic(gap[i]) && char.IsLower(gap[i + 1]) && (i == 0 || !char.IsLetter(gap[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<(DateOnly, int, int)> found, Match match, int year, int month, int day)
    {
        if (year is >= 1900 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            found.Add((new DateOnly(year, month, day), match.Index, match.Index + match.Length));
        }
    }

    private static int? MonthOf(string word)
    {
        if (ShortMonths.TryGetValue(word, out var known))
        {
            return known;
        }

        var tokens = new[] { new TextToken(word, 0, word.Length) };
        foreach (var (phrase, month) in Months)
        {
            if (month != 5 && phrase.MatchAt(tokens, 0) == 0)
            {
                return month;
            }
        }

        return null;
    }

    private static int Year(string digits)
    {
        var year = Number(digits);
        return digits.Length == 2 ? year + (year < 70 ? 2000 : 1900) : year;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Digits(string boxed) => new([.. boxed.Where(char.IsDigit)]);

    private static IEnumerable<(Phrase, DateRole)> Phrases(DateRole role, params string[] phrases) => phrases.Select(p => (Phrase.Parse(p), role));

    // OCR reads 0 as О and 1 as l or I inside numbers: 1O.11.2O26, l2.11.2026. One character for one: offsets stay.
    [GeneratedRegex(@"(?<=\d)[оo](?=[\d./])|(?<=[\d./])[оo](?=\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitLikeO();

    [GeneratedRegex(@"(?<=\d)[li](?=[\d./])|(?<=[\d./]|\s)[li](?=\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitLikeOne();

    [GeneratedRegex(@"(?<![\d.,/])(?<d>\d{1,2}) {0,2}(?<s>[./-]) {0,2}(?<m>\d{1,2}) {0,2}\k<s> {0,2}(?<y>\d{4}|\d{2})(?![\d]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<![\d.])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d.])(?<d>\d[ |]+\d)[ |]*[./][ |]*(?<m>\d[ |]+\d)[ |]*[./][ |]*(?<y>\d[ |]+\d[ |]+\d[ |]+\d)(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex BoxedDate();

    [GeneratedRegex(@"(?<!\d)[«""“„]? {0,2}(?<d>\d{1,2}) {0,2}[»""”]? {0,3}(?<m>\p{L}{3,12})\.? {0,3}(?<y>\d{4})(?!\d)(?: ?(?:года\b|г\.|г\b))?", RegexOptions.CultureInvariant)]
    private static partial Regex WrittenDate();

    // г.р. (also read with Latin r and p), года рождения.
    [GeneratedRegex(@"^\s*(?:[гr]\.?\s?[рp]\b|[рp]\.|(?:года?\s+)?(?:рождения|родил))", RegexOptions.CultureInvariant)]
    private static partial Regex BirthMarkAfter();

    [GeneratedRegex(@"^\s*(?:г\.?|года?)?\s*[-–—]\s*(?:«|\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodDash();

    [GeneratedRegex(@"^\s*(?:г\.?|года?)?\s*[-–—]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DashOnly();

    // A document's title before «от»: Справка № 58 от …, Приказ № 245-к от …, Справка о доходах … за 2026 год от ….
    // The title word is in the nominative: «признан безработным приказом … от», «на основании решения от» cite
    // another act in the body.
    [GeneratedRegex(@"(?<!\p{L})(?:справк[аи]?|приказ|повестк[аи]?|уведомлени[ея]|свидетельств[оа]|выписк[аи]|заключени[ея]|решени[ея]|распоряжени[ея]|протокол|год)(?!\p{L})[^\n]{0,50}?\bот\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TitleBefore();

    // The document's own number on a line of its own under a title that may run over several lines: «№ 63-48175 от …».
    [GeneratedRegex(@"(?:^|\n)[ \t]*№[^\n]{0,30}?\bот\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnNumberLine();

    // A time to report at, after the date: «обязаны «02» сентября 2026 г. к 08 ч. 00 мин. явиться».
    [GeneratedRegex(@"^\s*(?:г\.?|года)?[\s,]*(?:к|в)\s*\d{1,2}\s*(?:ч\b|час|[:.]\d\d)|^[^.\n]{0,40}\b(?:явить|прибыть|явк)", RegexOptions.CultureInvariant)]
    private static partial Regex DeadlineAfter();

    // A sentence that ends on the line above: a full stop, then the line break.
    [GeneratedRegex(@"\.[ \t]*\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnds();

    [GeneratedRegex(@"м\.?\s?п\b|подпис", RegexOptions.CultureInvariant)]
    private static partial Regex SignatureMark();
}
