using System.Text.RegularExpressions;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Checks.Names;

/// <summary>
/// Finds the persons a document names: runs of capitalised words anchored by a patronymic (Фамилия Имя Отчество
/// or Имя Отчество Фамилия, in any case), a surname with initials (Иванов И.П., И. П. Иванову, И.П.Иванов), the
/// labelled fields of a form (Фамилия … Имя … Отчество …, in a row, in a column or as a table header), and weaker
/// two- or three-word runs. Each gets a role from the nearest label before it.
/// </summary>
internal static partial class PersonMentionFinder
{
    private static readonly HashSet<string> NotNames =
    [
        "справка", "дата", "российская", "федерация", "федерации", "россии", "рф", "город", "москва", "область", "района", "район",
        "улица", "ул", "дом", "кв", "республика", "министерство", "управление", "ооо", "ао", "пао", "зао", "ип", "гбуз", "гку", "гбу",
        "фгбу", "фку", "мсэ", "цзн", "лн", "инн", "снилс", "огрн", "кпп", "паспорт", "серия", "номер", "код", "приказ", "раздел",
        "пункт", "статья", "приложение", "форма", "сведения", "свидетельство", "повестка", "уведомление", "выписка", "заключение",
        "диагноз", "итого", "всего", "сумма", "место", "адрес", "телефон", "тел", "организация", "наименование", "должность",
        "мп", "печать", "гражданство", "пол", "муж", "жен", "мужской", "женский", "настоящая", "настоящим", "данная", "основание",
        "причина", "период", "для", "листок", "нетрудоспособности", "военный", "комиссариат", "центр", "занятости", "населения",
        "главный", "главного", "городская", "городской", "поликлиника", "больница", "лечащий", "заведующий", "отдел", "отдела",
        "бюро", "администрация", "загс", "мчс", "россия", "года", "год", "месяц", "число", "октября", "ноября", "декабря",
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "работа", "трудовая", "книжка",
        "налоговый", "агент", "доход", "доходах", "сведений", "просим", "прошу", "уважаемый", "уважаемая", "явиться", "прибыть",
        "порядковый", "страница", "стр", "лист", "документ", "акт", "запись", "записи", "рождения", "ребенок", "дети",
    ];

    /// <summary>All persons named in <paramref name="text"/>, in text order.</summary>
    public static IReadOnlyList<PersonMention> Find(string text, DocumentType? documentType = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        // "Ф.И.О." is a label, not three initials; the replacement keeps every offset.
        var folded = FioAbbreviation().Replace(OcrText.Fold(text), m => "ФИО".PadRight(m.Length));
        var words = ReadWords(folded);
        var mentions = new List<Found>();

        foreach (var run in Runs(folded, words))
        {
            var used = new bool[run.Count];
            FindInitials(run, used, mentions);
            FindPatronymicAnchored(run, used, mentions);
            FindWeak(run, used, mentions);
        }

        FindLabelledFields(folded, words, mentions);

        var ordered = mentions.OrderBy(m => m.Start).ThenBy(m => m.End).ToList();
        var result = new List<PersonMention>(ordered.Count);
        var previousEnd = 0;
        foreach (var m in ordered)
        {
            var role = m.Loose ? PersonRole.Unknown : RoleAt(folded, m.Start, Math.Min(previousEnd, m.Start), documentType, m.Labelled);
            var written = m.Values is { } values ? string.Join(' ', values.Select(v => text[v.Start..v.End])) : OcrText.CollapseSpaces(text[m.Start..m.End]);
            result.Add(new PersonMention(written, m.Start, m.End, role, m.Name, m.Alternative, m.Weak));
            previousEnd = Math.Max(previousEnd, m.End);
        }

        return result;
    }

    private static List<Word> ReadWords(string folded)
    {
        var words = new List<Word>();
        foreach (Match match in WordPattern().Matches(folded))
        {
            var value = match.Value;
            if (IsGluedInitials(folded, match))
            {
                // «Р.П.» read as «РП.»: two initials that lost the dot between them.
                words.Add(new Word(value[..1], value[..1].ToLowerInvariant(), match.Index, match.Index + 1, IsInitial: true, IsName: false));
                words.Add(new Word(value[1..], value[1..].ToLowerInvariant(), match.Index + 1, match.Index + 2, IsInitial: true, IsName: false));
                continue;
            }

            var isInitial = value.Length == 1 && char.IsUpper(value[0]) && LatinLookAlikes.IsCyrillic(value[0])
                && match.Index + 1 < folded.Length && folded[match.Index + 1] == '.';
            var lower = value.ToLowerInvariant();
            var letters = value.Replace("-", string.Empty, StringComparison.Ordinal);
            var isName = !isInitial && letters.Length >= 2 && char.IsUpper(value[0]) && letters.All(LatinLookAlikes.IsCyrillic)
                && !NotNames.Contains(lower) && !PersonRoleLabels.IsLabel(lower);
            words.Add(new Word(value, lower, match.Index, match.Index + match.Length, isInitial, isName));
        }

        return words;
    }

    private static bool IsGluedInitials(string folded, Match match) =>
        match.Length == 2 && match.Value.All(c => char.IsUpper(c) && LatinLookAlikes.IsCyrillic(c))
        && match.Index + 2 < folded.Length && folded[match.Index + 2] == '.'
        && (match.Index == 0 || !char.IsLetter(folded[match.Index - 1]))
        && !NotNames.Contains(match.Value.ToLowerInvariant());

    // Runs of name words and initials separated only by spaces, at most one line break, table bars or the dot after an initial.
    private static IEnumerable<List<Word>> Runs(string folded, List<Word> words)
    {
        var run = new List<Word>();
        foreach (var word in words)
        {
            if (!word.IsName && !word.IsInitial)
            {
                if (run.Count > 0)
                {
                    yield return run;
                }

                run = [];
                continue;
            }

            if (run.Count > 0 && !IsNameGap(folded.AsSpan(run[^1].End, word.Start - run[^1].End), run[^1].IsInitial))
            {
                yield return run;
                run = [];
            }

            run.Add(word);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static bool IsNameGap(ReadOnlySpan<char> gap, bool afterInitial)
    {
        var lineBreaks = 0;
        var dots = 0;
        foreach (var c in gap)
        {
            if (c == '\n')
            {
                lineBreaks++;
            }
            else if (c == '.')
            {
                dots++;
            }
            else if (!char.IsWhiteSpace(c) && c != '|')
            {
                return false;
            }
        }

        return lineBreaks <= 1 && dots <= (afterInitial ? 1 : 0) && gap.Length <= 40;
    }

    private static void FindInitials(List<Word> run, bool[] used, List<Found> mentions)
    {
        for (var i = 0; i < run.Count; i++)
        {
            if (used[i] || !run[i].IsName)
            {
                continue;
            }

            // Иванов И.П.
            var after = CountInitials(run, i + 1);
            if (after > 0)
            {
                var name = new NameParts(run[i].Lower, null, null, run[i + 1].Value[0], after > 1 ? run[i + 2].Value[0] : null);
                Use(used, i, i + after);
                mentions.Add(new Found(run[i].Start, run[i + after].End + 1, name, null, false)); // with the initial's dot
                i += after;
                continue;
            }

            // И. П. Иванову
            var before = 0;
            while (before < 2 && i - before - 1 >= 0 && run[i - before - 1].IsInitial && !used[i - before - 1])
            {
                before++;
            }

            if (before > 0)
            {
                var first = i - before;
                var name = new NameParts(run[i].Lower, null, null, run[first].Value[0], before > 1 ? run[first + 1].Value[0] : null);
                Use(used, first, i);
                mentions.Add(new Found(run[first].Start, run[i].End, name, null, false));
            }
        }
    }

    private static int CountInitials(List<Word> run, int from)
    {
        var count = 0;
        while (count < 2 && from + count < run.Count && run[from + count].IsInitial)
        {
            count++;
        }

        return count;
    }

    private static void FindPatronymicAnchored(List<Word> run, bool[] used, List<Found> mentions)
    {
        for (var k = 1; k < run.Count; k++)
        {
            if (used[k] || !run[k].IsName || !NameDeclension.LooksLikePatronymic(run[k].Lower) || !Free(run, used, k - 1))
            {
                continue;
            }

            var surnameBefore = k >= 2 && Free(run, used, k - 2);
            var surnameAfter = k + 1 < run.Count && Free(run, used, k + 1);
            var inverted = surnameAfter ? new NameParts(run[k + 1].Lower, run[k - 1].Lower, run[k].Lower) : null;
            if (surnameBefore)
            {
                Use(used, k - 2, k);
                mentions.Add(new Found(run[k - 2].Start, run[k].End, new NameParts(run[k - 2].Lower, run[k - 1].Lower, run[k].Lower), inverted, false));
            }
            else if (surnameAfter)
            {
                Use(used, k - 1, k + 1);
                mentions.Add(new Found(run[k - 1].Start, run[k + 1].End, inverted!, null, false));
                k++;
            }
            else
            {
                Use(used, k - 1, k);
                mentions.Add(new Found(run[k - 1].Start, run[k].End, new NameParts(null, run[k - 1].Lower, run[k].Lower), null, false));
            }
        }
    }

    // What is left: two or three capitalised words side by side, read as Фамилия Имя [Отчество] or Имя Фамилия.
    private static void FindWeak(List<Word> run, bool[] used, List<Found> mentions)
    {
        var i = 0;
        while (i < run.Count)
        {
            var j = i;
            while (j < run.Count && Free(run, used, j))
            {
                j++;
            }

            var length = j - i;
            if (length is 2 or 3 && !run.Skip(i).Take(length).Any(w => w.Value.All(c => !char.IsLetter(c) || char.IsUpper(c))))
            {
                // (A run with a word in capitals and no patronymic is a heading — «АВАНСОВЫЙ ОТЧЕТ», «СУММАХ НАЛОГА» — not a name.)
                var name = new NameParts(run[i].Lower, run[i + 1].Lower, length == 3 ? run[i + 2].Lower : null);
                var alternative = new NameParts(run[i + 1].Lower, run[i].Lower, null);
                mentions.Add(new Found(run[i].Start, run[j - 1].End, name, alternative, true));
            }

            i = j + 1;
        }
    }

    // The labels of a form and the words that fill them. A value is a name word standing alone in its cell: not
    // in quotes («Промстрой» is an organisation), not the first word of a phrase (Статус налогоплательщика), not
    // one of a run of names. Close to its labels it makes a subject; further away (a table whose columns OCR
    // read apart, a blank form's labels with other text below) the reading is loose: it can show that the
    // applicant is named, never that someone else is.
    private static void FindLabelledFields(string folded, List<Word> words, List<Found> mentions)
    {
        var tokens = words.Select(w => new TextToken(w.Lower, w.Start, w.End - w.Start)).ToList();
        var i = 0;
        while (i < words.Count)
        {
            if (FieldLabelAt(tokens, i) != Field.Surname)
            {
                i++;
                continue;
            }

            if (CaptionsBelow(folded, words, tokens, i) is { } captioned)
            {
                mentions.Add(captioned.Found);
                i = captioned.Next;
                continue;
            }

            var pending = new List<Field>();
            var seen = new HashSet<Field>();
            var values = new Dictionary<Field, Word>();
            var fillers = 0;
            var loose = false;
            var lastLabelEnd = words[i].End;
            var labelAt = new Dictionary<Field, int>();
            var valueAt = new Dictionary<Field, int>();
            var j = i;
            for (; j < words.Count && fillers <= MaxLooseFillers; j++)
            {
                var label = FieldLabelAt(tokens, j);
                if (label is { } field)
                {
                    if (!seen.Add(field))
                    {
                        break;
                    }

                    pending.Add(field);
                    labelAt[field] = j;
                    lastLabelEnd = words[j].End;
                }
                else if (words[j].IsName && pending.Count > 0 && IsFieldValue(folded, words, tokens, j))
                {
                    var far = fillers > MaxFillers || folded.AsSpan(lastLabelEnd, words[j].Start - lastLabelEnd).Count('\n') > 2;
                    if (far && (!StandsAlone(folded, words, j) || words[j].Lower.Length < MinLooseValueLetters))
                    {
                        fillers++;
                        continue;
                    }

                    loose |= far;
                    var filled = FieldFor(folded, words, tokens, j, pending);
                    pending.Remove(filled);
                    values[filled] = words[j];
                    valueAt[filled] = j;
                    if (values.Count == 3)
                    {
                        break;
                    }
                }
                else if (!words[j].IsInitial)
                {
                    if (pending.Count == 0)
                    {
                        break;
                    }

                    fillers++;
                }
            }

            // Certain enough to name someone else only when each value stands right after its own label (in a row or
            // under it), or the labels head a row and the values fill the next in the same order. A value matched to a
            // label further off (a table OCR read apart) can show that the applicant is named, never that someone else is.
            loose |= !values.Keys.All(f => labelAt.TryGetValue(f, out var at) && valueAt[f] == at + 1) && !IsHeaderRow(labelAt, valueAt);

            // A table OCR read apart may put a label and its value elsewhere («Отчество СЕРГЕЕВИЧ» above «Фамилия»): a
            // part still missing is taken from a label with its value right beside it, and the reading is loose.
            foreach (var field in new[] { Field.GivenName, Field.Patronymic }.Where(f => !values.ContainsKey(f)))
            {
                if (values.ContainsKey(Field.Surname) && AdjacentValue(folded, words, tokens, field) is { } beside && !values.ContainsValue(beside))
                {
                    values[field] = beside;
                    loose = true;
                }
            }

            if (values.TryGetValue(Field.Surname, out var surname) && values.Count >= (loose ? 3 : 2)
                && (values.ContainsKey(Field.GivenName) || !loose))
            {
                var end = values.Values.Max(v => v.End);
                var name = new NameParts(surname.Lower, values.GetValueOrDefault(Field.GivenName)?.Lower, values.GetValueOrDefault(Field.Patronymic)?.Lower);
                var ordered = new[] { Field.Surname, Field.GivenName, Field.Patronymic }.Where(values.ContainsKey).Select(f => values[f]).ToList();
                mentions.Add(new Found(words[i].Start, end, name, null, Weak: loose, Labelled: !loose, Loose: loose, Values: ordered));
            }

            i = Math.Max(j, i + 1);
        }
    }

    private const int MaxFillers = 6;

    // Far from its label, a three-letter word alone in a cell is more often an abbreviation or OCR debris (КПП read as
    // КИП) than a given name.
    private const int MinLooseValueLetters = 4;

    // The pending label a value fills: the label right before it on its line, else the patronymic's for a word that is
    // one (a table read out of order puts «Отчество СЕРГЕЕВИЧ» before «Имя»), else the first pending label.
    private static Field FieldFor(string folded, List<Word> words, List<TextToken> tokens, int value, List<Field> pending)
    {
        if (value > 0 && FieldLabelAt(tokens, value - 1) is { } label && pending.Contains(label)
            && !folded.AsSpan(words[value - 1].End, words[value].Start - words[value - 1].End).Contains('\n'))
        {
            return label;
        }

        return pending.Contains(Field.Patronymic) && NameDeclension.LooksLikePatronymic(words[value].Lower) ? Field.Patronymic : pending[0];
    }

    // «Фамилия Имя Отчество» as consecutive words, then the values as consecutive words in the same order.
    private static bool IsHeaderRow(Dictionary<Field, int> labelAt, Dictionary<Field, int> valueAt)
    {
        var fields = valueAt.Keys.OrderBy(f => labelAt.GetValueOrDefault(f, int.MaxValue)).ToList();
        if (fields.Count < 2 || fields.Any(f => !labelAt.ContainsKey(f)))
        {
            return false;
        }

        for (var k = 1; k < fields.Count; k++)
        {
            if (labelAt[fields[k]] != labelAt[fields[k - 1]] + 1 || valueAt[fields[k]] != valueAt[fields[k - 1]] + 1)
            {
                return false;
            }
        }

        return valueAt[fields[0]] > labelAt[fields[^1]];
    }

    // The first value written right after the label of this field on the same line («Отчество СЕРГЕЕВИЧ»).
    private static Word? AdjacentValue(string folded, List<Word> words, List<TextToken> tokens, Field field)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (FieldLabelAt(tokens, i) == field && words[i + 1].IsName && FieldLabelAt(tokens, i + 1) is null
                && !folded.AsSpan(words[i].End, words[i + 1].Start - words[i].End).Contains('\n')
                && (field != Field.Patronymic || NameDeclension.LooksLikePatronymic(words[i + 1].Lower)))
            {
                return words[i + 1];
            }
        }

        return null;
    }

    private const int MaxWordsAfterLabel = 4;

    /// <summary>
    /// A form that prints each part of the name above its caption (a birth certificate: «Виноградова / фамилия /
    /// Юлия / имя / Владимировна / отчество»): the Surname caption alone on its line, with a name word alone on the
    /// line above it, and the same for the captions that follow.
    /// </summary>
    private static (Found Found, int Next)? CaptionsBelow(string folded, List<Word> words, List<TextToken> tokens, int surnameLabel)
    {
        Word? ValueAbove(int label) =>
            label > 0 && words[label - 1].IsName && AloneOnLine(folded, words, label - 1) && AloneOnLine(folded, words, label)
                ? words[label - 1]
                : null;

        if (ValueAbove(surnameLabel) is not { } surname)
        {
            return null;
        }

        var values = new List<Word> { surname };
        var fields = new List<Field> { Field.Surname };
        var next = surnameLabel + 1;
        for (var j = surnameLabel + 1; j < Math.Min(words.Count, surnameLabel + 8) && fields.Count < 3; j++)
        {
            if (FieldLabelAt(tokens, j) is { } field && !fields.Contains(field) && ValueAbove(j) is { } value && value.Start > values[^1].End)
            {
                values.Add(value);
                fields.Add(field);
                next = j + 1;
            }
        }

        if (values.Count < 2)
        {
            return null;
        }

        string? Part(Field field) => fields.IndexOf(field) is var at and >= 0 ? values[at].Lower : null;
        var name = new NameParts(surname.Lower, Part(Field.GivenName), Part(Field.Patronymic));
        return (new Found(surname.Start, values[^1].End, name, null, Weak: false, Labelled: true, Values: values), next);
    }

    /// <summary>The only word on its line.</summary>
    private static bool AloneOnLine(string folded, List<Word> words, int index)
    {
        var word = words[index];
        var before = index == 0 || folded.AsSpan(words[index - 1].End, word.Start - words[index - 1].End).Contains('\n');
        var after = index + 1 >= words.Count || folded.AsSpan(word.End, words[index + 1].Start - word.End).Contains('\n');
        return before && after;
    }

    private const int MaxLooseFillers = 14;

    private static bool IsFieldValue(string folded, List<Word> words, List<TextToken> tokens, int index)
    {
        var word = words[index];
        if (word.Start > 0 && folded[word.Start - 1] is '«' or '"' or '“' or '„')
        {
            return false;
        }

        return index + 1 >= words.Count
            || FieldLabelAt(tokens, index + 1) is not null
            || !char.IsLower(words[index + 1].Value[0])
            || folded.AsSpan(word.End, words[index + 1].Start - word.End).ContainsAny('\n', '|');
    }

    /// <summary>No other name word beside it on its line: a cell's value, not a piece of a name written in full elsewhere.</summary>
    private static bool StandsAlone(string folded, List<Word> words, int index)
    {
        bool NameBeside(int other)
        {
            if (other < 0 || other >= words.Count || !words[other].IsName)
            {
                return false;
            }

            var (left, right) = other < index ? (words[other], words[index]) : (words[index], words[other]);
            return !folded.AsSpan(left.End, right.Start - left.End).Contains('\n');
        }

        return !NameBeside(index - 1) && !NameBeside(index + 1);
    }

    private static Field? FieldLabelAt(List<TextToken> tokens, int index) =>
        PersonRoleLabels.Surname.MatchAt(tokens, index) == index ? Field.Surname
        : PersonRoleLabels.GivenName.MatchAt(tokens, index) == index ? Field.GivenName
        : PersonRoleLabels.Patronymic.MatchAt(tokens, index) == index ? Field.Patronymic
        : null;

    // The nearest label before the name (on its line, or on the line above when the name starts a line), and not
    // before the previous person; a signature line (underscores, a slash) makes an official.
    private static PersonRole RoleAt(string folded, int start, int notBefore, DocumentType? documentType, bool labelledFields)
    {
        var from = LineContext.StartBefore(folded, start, notBefore, 120);
        var context = folded[from..start];
        var tokens = OcrText.Tokenize(context);
        PersonRoleLabels.Kind? nearest = null;
        var nearestEnd = -1;
        for (var t = 0; t < tokens.Count; t++)
        {
            foreach (var (phrase, kind) in PersonRoleLabels.All)
            {
                var last = phrase.MatchAt(tokens, t);
                if (last >= 0 && tokens[last].End >= nearestEnd)
                {
                    nearest = kind;
                    nearestEnd = tokens[last].End;
                }
            }
        }

        // A label names the person it stands by: «Пациент: Иванов», «Выдана настоящая справка Иванову». A label word
        // further back, in a sentence of its own («…как гражданина, пострадавшего в результате…» above a signature),
        // is not this name's label.
        if (nearest is not null && tokens.Count(t => t.Start >= nearestEnd) > MaxWordsAfterLabel)
        {
            nearest = null;
        }

        var birth = documentType == DocumentType.BirthCertificate;
        if (nearest is null && birth && ParentLabelAbove(folded, from, notBefore))
        {
            nearest = PersonRoleLabels.Kind.Parent; // «Мать / гражданство / Виноградова Татьяна Васильевна»: a caption between
        }

        var tail = context[Math.Max(nearestEnd, 0)..].TrimEnd();
        if (tail.EndsWith("__", StringComparison.Ordinal) || tail.EndsWith('/'))
        {
            nearest = PersonRoleLabels.Kind.Official;
        }

        // «Подпись ______ Ф.И.О. Петров П.П.»: in a signature block the Ф.И.О. caption names who signs, not the subject.
        if (nearest == PersonRoleLabels.Kind.Subject && FioCaption().IsMatch(context) && SignatureBlock().IsMatch(context))
        {
            nearest = PersonRoleLabels.Kind.Official;
        }

        return nearest switch
        {
            PersonRoleLabels.Kind.Official => PersonRole.Official,
            PersonRoleLabels.Kind.Parent => birth ? PersonRole.Subject : PersonRole.Unknown,
            _ when birth => PersonRole.Other,
            PersonRoleLabels.Kind.Subject => PersonRole.Subject,
            _ => labelledFields ? PersonRole.Subject : PersonRole.Unknown,
        };
    }

    // «Отец» or «Мать» on one of the three non-blank lines above the name's line, after the previous person.
    private static bool ParentLabelAbove(string folded, int lineStart, int notBefore)
    {
        var end = lineStart;
        for (var lines = 0; lines < 3 && end > notBefore; )
        {
            var start = end <= 1 ? 0 : folded.LastIndexOf('\n', end - 2) + 1;
            start = Math.Max(start, notBefore);
            var tokens = OcrText.Tokenize(folded[start..end]);
            if (tokens.Count > 0)
            {
                lines++;
                if (PersonRoleLabels.All.Any(l => l.Kind == PersonRoleLabels.Kind.Parent && l.Phrase.FindAll(tokens).Any()))
                {
                    return true;
                }
            }

            end = start;
            if (start == 0)
            {
                break;
            }
        }

        return false;
    }

    private static bool Free(List<Word> run, bool[] used, int index) => !used[index] && run[index].IsName;

    private static void Use(bool[] used, int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            used[i] = true;
        }
    }

    [GeneratedRegex(@"\p{Lu}\p{L}*-\p{Lu}\p{L}*|\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\bФ\.\s?И\.\s?О\.?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FioAbbreviation();

    // The «Ф.И.О.» caption after folding (see Find: it is written «ФИО» padded to its length), as the last label before the name.
    [GeneratedRegex(@"\bфио\b[\s:.]*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FioCaption();

    // A signature line before it: «подпись», a run of underscores, «М.П.».
    [GeneratedRegex(@"подпис|_{3,}|\bм\.?\s?п\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignatureBlock();

    private enum Field
    {
        Surname,
        GivenName,
        Patronymic,
    }

    /// <summary>A name found; <see cref="Values"/> are its words when labels stand between them (the name is written without them).</summary>
    private sealed record Found(
        int Start, int End, NameParts Name, NameParts? Alternative, bool Weak, bool Labelled = false, bool Loose = false, IReadOnlyList<Word>? Values = null);

    private sealed record Word(string Value, string Lower, int Start, int End, bool IsInitial, bool IsName);
}
