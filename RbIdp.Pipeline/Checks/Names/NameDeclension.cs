using System.Text.RegularExpressions;

namespace RbIdp.Pipeline.Checks.Names;

/// <summary>
/// The six case forms (именительный … предложный, with common variants) of Russian surnames, given names
/// and patronymics, from the nominative. Input and output are normalised: lower case, е for ё.
/// </summary>
internal static partial class NameDeclension
{
    private static readonly HashSet<string> MaleNamesInA =
        ["илья", "никита", "кузьма", "фома", "лука", "савва", "данила", "гаврила", "фока", "иона", "миша", "саша", "женя", "ваня", "вова", "дима", "паша", "коля", "петя"];

    private static readonly HashSet<string> FemaleNamesInSoftSign = ["любовь", "нинель", "адель", "ассоль", "эсфирь", "рахиль", "юдифь", "айгуль", "гуль"];

    private static readonly Dictionary<string, string> FleetingVowel = new(StringComparer.Ordinal)
    {
        ["павел"] = "павл",
        ["лев"] = "льв",
    };

    public static Gender GenderOfPatronymic(string patronymic) => patronymic switch
    {
        _ when patronymic.EndsWith("ич", StringComparison.Ordinal) || patronymic == "оглы" || patronymic == "улы" => Gender.Male,
        _ when patronymic.EndsWith("на", StringComparison.Ordinal) || patronymic == "кызы" => Gender.Female,
        _ => Gender.Unknown,
    };

    public static Gender GenderOfGivenName(string name)
    {
        if (MaleNamesInA.Contains(name))
        {
            return Gender.Male;
        }

        return name[^1] switch
        {
            'а' or 'я' => Gender.Female,
            'ь' => FemaleNamesInSoftSign.Contains(name) ? Gender.Female : Gender.Male,
            'о' or 'е' or 'и' or 'у' or 'ю' or 'э' => Gender.Unknown,
            _ => Gender.Male,
        };
    }

    public static Gender GenderOfSurname(string surname) => surname switch
    {
        _ when EndsWithAny(surname, "ова", "ева", "ина", "ына", "ая", "яя") => Gender.Female,
        _ when EndsWithAny(surname, "ов", "ев", "ин", "ын", "ий", "ый", "ой") => Gender.Male,
        _ => Gender.Unknown,
    };

    /// <summary>A surname's forms for the given gender; a hyphenated surname declines part by part.</summary>
    public static IReadOnlyList<string> Surname(string nominative, Gender gender)
    {
        var parts = nominative.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1)
        {
            var declined = parts.Select(p => SurnamePart(p, gender)).ToList();
            return Enumerable.Range(0, 6).Select(c => string.Join('-', declined.Select(d => d[c]))).Distinct().ToList();
        }

        return SurnamePart(nominative, gender).Distinct().ToList();
    }

    /// <summary>The same surname as the other gender would bear it (Иванов ↔ Иванова, -ский ↔ -ская), or null.</summary>
    public static string? SurnameOfOtherGender(string surname, Gender gender) => gender switch
    {
        Gender.Male when EndsWithAny(surname, "ов", "ев", "ин", "ын") => surname + "а",
        Gender.Male when EndsWithAny(surname, "ий", "ый", "ой") => surname[..^2] + "ая",
        Gender.Female when EndsWithAny(surname, "ова", "ева", "ина", "ына") => surname[..^1],
        Gender.Female when surname.EndsWith("ская", StringComparison.Ordinal) || surname.EndsWith("цкая", StringComparison.Ordinal) => surname[..^2] + "ий",
        Gender.Female when surname.EndsWith("ая", StringComparison.Ordinal) => surname[..^2] + "ой",
        Gender.Female when IsConsonant(surname[^1]) => surname,
        _ => null,
    };

    public static IReadOnlyList<string> GivenName(string nominative, Gender gender)
    {
        if (nominative.Length < 3)
        {
            return [nominative];
        }

        var name = nominative;
        var last = name[^1];
        var stem = name[..^1];
        string[] forms = last switch
        {
            'а' => [name, stem + (IsVelarOrSibilant(stem[^1]) ? "и" : "ы"), stem + "е", stem + "у", stem + "ой", stem + "ою"],
            'я' when name.EndsWith("ия", StringComparison.Ordinal) => [name, stem + "и", stem + "ю", stem + "ей", stem + "ею"],
            'я' => [name, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "ею"],
            'ь' when gender == Gender.Female => [name, stem + "и", stem + "ью"],
            'ь' => [name, stem + "я", stem + "ю", stem + "ем", stem + "е"],
            'й' => [name, stem + "я", stem + "ю", stem + "ем", stem + (stem.EndsWith('и') ? "и" : "е")],
            _ when !IsConsonant(last) || gender == Gender.Female => [name],
            // Павел → Павлу; a clerk who keeps the vowel (Павелу) still names Павел.
            _ when FleetingVowel.TryGetValue(name, out var fleeting) => [.. ConsonantNoun(fleeting, name), .. ConsonantNoun(name, name)],
            _ => ConsonantNoun(name, name),
        };
        return forms.Distinct().ToList();
    }

    /// <summary>The given name of the other gender, where Russian has a pair (Александр ↔ Александра, Евгений ↔ Евгения).</summary>
    public static string? GivenNameOfOtherGender(string name, Gender gender) => gender switch
    {
        Gender.Male when name.EndsWith("ий", StringComparison.Ordinal) => name[..^1] + "я",
        Gender.Male when IsConsonant(name[^1]) => name + "а",
        Gender.Female when name.EndsWith("ия", StringComparison.Ordinal) => name[..^1] + "й",
        Gender.Female when name.Length > 2 && name.EndsWith('а') && IsConsonant(name[^2]) => name[..^1],
        _ => null,
    };

    public static IReadOnlyList<string> Patronymic(string nominative)
    {
        if (nominative.Length < 3)
        {
            return [nominative];
        }

        var stem = nominative[..^1];
        string[] forms = GenderOfPatronymic(nominative) switch
        {
            Gender.Male when nominative.EndsWith("ич", StringComparison.Ordinal) =>
                [nominative, nominative + "а", nominative + "у", nominative + "ем", nominative + "е"],
            Gender.Female when nominative.EndsWith("на", StringComparison.Ordinal) =>
                [nominative, stem + "ы", stem + "е", stem + "у", stem + "ой", stem + "ою"],
            _ => [nominative],
        };
        return forms;
    }

    /// <summary>Петрович ↔ Петровна, Ильич ↔ Ильинична, Никитична ↔ Никитич.</summary>
    public static string? PatronymicOfOtherGender(string patronymic) => patronymic switch
    {
        _ when EndsWithAny(patronymic, "ович", "евич") => patronymic[..^2] + "на",
        _ when patronymic.EndsWith("ич", StringComparison.Ordinal) => patronymic[..^2] + "инична",
        _ when EndsWithAny(patronymic, "овна", "евна") => patronymic[..^2] + "ич",
        _ when patronymic.EndsWith("инична", StringComparison.Ordinal) => patronymic[..^6] + "ич",
        _ when patronymic.EndsWith("ична", StringComparison.Ordinal) => patronymic[..^4] + "ич",
        "оглы" => "кызы",
        "кызы" => "оглы",
        _ => null,
    };

    /// <summary>Does this (normalised) word look like a patronymic in any case: -ович/-евич/-ич…, -овна/-евна/-ична…, оглы/кызы.</summary>
    public static bool LooksLikePatronymic(string word) =>
        word is "оглы" or "кызы" || word.Length >= 6 && PatronymicEnding().IsMatch(word);

    /// <summary>The gender of a patronymic in any case (Петровичу → male, Петровной → female).</summary>
    public static Gender GenderOfPatronymicForm(string word) =>
        !LooksLikePatronymic(word) ? Gender.Unknown
        : word is "оглы" || MalePatronymicEnding().IsMatch(word) ? Gender.Male
        : Gender.Female;

    [GeneratedRegex("(?:ич(?:а|у|ем|е)?|[вч]н(?:а|ы|е|у|ой|ою))$", RegexOptions.CultureInvariant)]
    private static partial Regex PatronymicEnding();

    [GeneratedRegex("ич(?:а|у|ем|е)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MalePatronymicEnding();

    private static string[] SurnamePart(string s, Gender gender)
    {
        if (s.Length < 3)
        {
            return [s, s, s, s, s, s];
        }

        if (gender == Gender.Female)
        {
            if (EndsWithAny(s, "ова", "ева", "ина", "ына"))
            {
                var stem = s[..^1];
                return [s, stem + "ой", stem + "ой", stem + "у", stem + "ой", stem + "ой"];
            }

            if (s.EndsWith("ая", StringComparison.Ordinal))
            {
                var stem = s[..^2];
                return [s, stem + "ой", stem + "ой", stem + "ую", stem + "ой", stem + "ой"];
            }

            if (s.EndsWith("яя", StringComparison.Ordinal))
            {
                var stem = s[..^2];
                return [s, stem + "ей", stem + "ей", stem + "юю", stem + "ей", stem + "ей"];
            }

            return s[^1] is 'а' or 'я' ? NounInA(s) : [s, s, s, s, s, s];
        }

        if (EndsWithAny(s, "ов", "ев", "ин", "ын"))
        {
            return [s, s + "а", s + "у", s + "а", s + "ым", s + "е"];
        }

        if (EndsWithAny(s, "ий", "ый", "ой") && s.Length > 3)
        {
            var stem = s[..^2];
            var soft = IsVelarOrSibilant(stem[^1]) || s.EndsWith("ий", StringComparison.Ordinal);
            return [s, stem + "ого", stem + "ому", stem + "ого", stem + (soft ? "им" : "ым"), stem + "ом"];
        }

        return s[^1] switch
        {
            'а' or 'я' => NounInA(s),
            'ь' or 'й' => [s, s[..^1] + "я", s[..^1] + "ю", s[..^1] + "я", s[..^1] + "ем", s[..^1] + "е"],
            _ when EndsWithAny(s, "их", "ых") || !IsConsonant(s[^1]) => [s, s, s, s, s, s],
            _ => ConsonantNoun(s, s),
        };
    }

    // Surnames and names in -а/-я decline like nouns (Глинка → Глинки); a foreign one (Дюма) may not, so the nominative stays in every case.
    private static string[] NounInA(string s)
    {
        var stem = s[..^1];
        return s[^1] == 'я'
            ? [s, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е"]
            : [s, stem + (IsVelarOrSibilant(stem[^1]) ? "и" : "ы"), stem + "е", stem + "у", stem + (IsSibilant(stem[^1]) ? "ей" : "ой"), stem + "е"];
    }

    private static string[] ConsonantNoun(string stem, string nominative) =>
        [nominative, stem + "а", stem + "у", stem + "а", stem + (IsSibilant(stem[^1]) || stem[^1] == 'ц' ? "ем" : "ом"), stem + "е"];

    private static bool EndsWithAny(string word, params ReadOnlySpan<string> endings)
    {
        foreach (var ending in endings)
        {
            if (word.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConsonant(char c) => c is >= 'а' and <= 'я' && !"аеиоуыэюяьъй".Contains(c, StringComparison.Ordinal);

    private static bool IsVelarOrSibilant(char c) => c is 'г' or 'к' or 'х' || IsSibilant(c);

    private static bool IsSibilant(char c) => c is 'ж' or 'ш' or 'ч' or 'щ';
}
