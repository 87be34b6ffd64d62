namespace RbIdp.Tests.Synthetic;

/// <summary>The grammatical case a name is printed in.</summary>
public enum NameCase
{
    Nominative,
    Genitive,
    Dative,
    Accusative,
    Instrumental,
}

public enum Gender
{
    Male,
    Female,
}

/// <summary>
/// A Russian full name, given in the nominative. Declines itself for the common patterns
/// (surnames in -ов/-ев/-ин/-ын/-ский/-цкий and their feminine forms, given names in a consonant,
/// -й/-ь/-ий/-а/-я/-ия, patronymics in -ич/-на); other surnames (-ко, -их, -ых, -о, -е, -и, -у,
/// a consonant for a woman) are left as they are, as in Russian.
/// </summary>
public sealed record PersonName(string Surname, string Given, string? Patronymic)
{
    public static PersonName Parse(string fio)
    {
        var parts = fio.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            2 => new PersonName(parts[0], parts[1], null),
            3 => new PersonName(parts[0], parts[1], parts[2]),
            _ => throw new ArgumentException($"Expected 'Фамилия Имя [Отчество]', got '{fio}'.", nameof(fio)),
        };
    }

    public Gender Gender => Patronymic switch
    {
        { } p when p.EndsWith("ич", StringComparison.Ordinal) => Gender.Male,
        { } p when p.EndsWith("на", StringComparison.Ordinal) => Gender.Female,
        _ => Given is "Никита" or "Илья" or "Фома" or "Кузьма" or "Лука" || !(Given.EndsWith('а') || Given.EndsWith('я'))
            ? Gender.Male
            : Gender.Female,
    };

    public string Full => Patronymic is null ? $"{Surname} {Given}" : $"{Surname} {Given} {Patronymic}";

    /// <summary>"Иванов И.П." (or "И.П. Иванов" with <paramref name="initialsFirst"/>), in the given case.</summary>
    public string WithInitials(NameCase nameCase = NameCase.Nominative, bool initialsFirst = false, bool spaced = false)
    {
        var separator = spaced ? " " : string.Empty;
        var initials = Patronymic is null ? $"{Given[0]}." : $"{Given[0]}.{separator}{Patronymic[0]}.";
        var surname = Decline(nameCase).Surname;
        return initialsFirst ? $"{initials} {surname}" : $"{surname} {initials}";
    }

    public string In(NameCase nameCase) => Decline(nameCase).Full;

    public PersonName Decline(NameCase nameCase)
    {
        if (nameCase == NameCase.Nominative)
        {
            return this;
        }

        var male = Gender == Gender.Male;
        return new PersonName(
            string.Join('-', Surname.Split('-').Select(s => DeclineSurname(s, male, nameCase))),
            DeclineGiven(Given, male, nameCase),
            Patronymic is null ? null : DeclinePatronymic(Patronymic, nameCase));
    }

    /// <summary>The same family's surname for the other gender: Иванов ↔ Иванова, Петровский ↔ Петровская.</summary>
    public static string SurnameFor(string surname, Gender gender)
    {
        if (gender == Gender.Female)
        {
            return EndsWithAny(surname, "ов", "ев", "ёв", "ин", "ын") ? surname + "а"
                : EndsWithAny(surname, "ский", "цкий") ? surname[..^2] + "ая"
                : surname;
        }

        return EndsWithAny(surname, "ова", "ева", "ёва", "ина", "ына") ? surname[..^1]
            : EndsWithAny(surname, "ская", "цкая") ? surname[..^2] + "ий"
            : surname;
    }

    /// <summary>A patronymic from the father's given name: Иван → Иванович/Ивановна, Сергей → Сергеевич/Сергеевна.</summary>
    public static string PatronymicFrom(string fatherGiven, Gender gender)
    {
        var stem = fatherGiven switch
        {
            _ when fatherGiven.EndsWith("ий", StringComparison.Ordinal) => fatherGiven[..^2] + "ие",
            _ when fatherGiven.EndsWith('й') || fatherGiven.EndsWith('ь') => fatherGiven[..^1] + "е",
            _ => fatherGiven + "о",
        };
        return stem + (gender == Gender.Male ? "вич" : "вна");
    }

    /// <summary>A person of the other gender with the same family name: Иванов Иван Петрович → Иванова Мария Петровна.</summary>
    public PersonName OppositeGender(string given)
    {
        var gender = Gender == Gender.Male ? Gender.Female : Gender.Male;
        var patronymic = Patronymic switch
        {
            null => null,
            { } p when gender == Gender.Female => p[..^3] + "вна",
            { } p => p[..^3] + "вич",
        };
        return new PersonName(SurnameFor(Surname, gender), given, patronymic);
    }

    private static string DeclineSurname(string s, bool male, NameCase c)
    {
        if (EndsWithAny(s, "их", "ых", "ко", "о", "е", "и", "у", "ю"))
        {
            return s;
        }

        if (male)
        {
            if (EndsWithAny(s, "ов", "ев", "ёв", "ин", "ын"))
            {
                return s + Pick(c, "а", "у", "а", "ым");
            }

            if (EndsWithAny(s, "ский", "цкий"))
            {
                return s[..^2] + Pick(c, "ого", "ому", "ого", "им");
            }

            if (EndsWithAny(s, "ой"))
            {
                return s[..^2] + Pick(c, "ого", "ому", "ого", "ым");
            }

            if (EndsWithAny(s, "ь", "й"))
            {
                return s[..^1] + Pick(c, "я", "ю", "я", "ем");
            }

            return IsConsonant(s[^1]) ? s + Pick(c, "а", "у", "а", Sibilant(s[^1]) ? "ем" : "ом") : s;
        }

        if (EndsWithAny(s, "ова", "ева", "ёва", "ина", "ына"))
        {
            return s[..^1] + Pick(c, "ой", "ой", "у", "ой");
        }

        if (EndsWithAny(s, "ская", "цкая"))
        {
            return s[..^2] + Pick(c, "ой", "ой", "ую", "ой");
        }

        return s;
    }

    private static string DeclineGiven(string g, bool male, NameCase c)
    {
        if (g.EndsWith("ия", StringComparison.Ordinal))
        {
            return g[..^1] + Pick(c, "и", "и", "ю", "ей");
        }

        if (g.EndsWith('я'))
        {
            return g[..^1] + Pick(c, "и", "е", "ю", g.EndsWith("ья", StringComparison.Ordinal) && male ? "ёй" : "ей");
        }

        if (g.EndsWith('а'))
        {
            var genitive = "гкхжшчщ".Contains(g[^2], StringComparison.Ordinal) ? "и" : "ы";
            return g[..^1] + Pick(c, genitive, "е", "у", Sibilant(g[^2]) ? "ей" : "ой");
        }

        if (!male)
        {
            return g.EndsWith('ь') ? g[..^1] + Pick(c, "и", "и", "ь", "ью") : g;
        }

        if (g.EndsWith("ий", StringComparison.Ordinal))
        {
            return g[..^1] + Pick(c, "я", "ю", "я", "ем");
        }

        if (g.EndsWith('й') || g.EndsWith('ь'))
        {
            return g[..^1] + Pick(c, "я", "ю", "я", "ем");
        }

        return g + Pick(c, "а", "у", "а", Sibilant(g[^1]) ? "ем" : "ом");
    }

    private static string DeclinePatronymic(string p, NameCase c) => p.EndsWith("ич", StringComparison.Ordinal)
        ? p + Pick(c, "а", "у", "а", "ем")
        : p[..^1] + Pick(c, "ы", "е", "у", "ой");

    private static string Pick(NameCase c, string genitive, string dative, string accusative, string instrumental) => c switch
    {
        NameCase.Genitive => genitive,
        NameCase.Dative => dative,
        NameCase.Accusative => accusative,
        NameCase.Instrumental => instrumental,
        _ => string.Empty,
    };

    private static bool EndsWithAny(string s, params string[] endings) =>
        endings.Any(e => s.EndsWith(e, StringComparison.Ordinal));

    private static bool IsConsonant(char ch) => "бвгджзклмнпрстфхцчшщ".Contains(ch, StringComparison.Ordinal);

    private static bool Sibilant(char ch) => "жшчщц".Contains(ch, StringComparison.Ordinal);
}
