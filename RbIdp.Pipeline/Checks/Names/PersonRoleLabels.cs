using RbIdp.Pipeline.Checks.Text;

namespace RbIdp.Pipeline.Checks.Names;

/// <summary>The words that say who a named person is, when they stand just before the name.</summary>
internal static class PersonRoleLabels
{
    /// <summary>The role a label gives; <see cref="Parent"/> is the subject of a birth certificate.</summary>
    public enum Kind
    {
        Subject,
        Official,
        Parent,
    }

    public static IReadOnlyList<(Phrase Phrase, Kind Kind)> All { get; } =
    [
        .. Phrases(Kind.Subject,
            "выдан*", "дана", "пациент*", "больной", "больному", "больного", "больная", "ф и о", "фио", "гражданин*", "гражданк*",
            "налогоплательщик*", "получател*", "застрахованн*", "работник*", "заявител*", "призывник*", "военнообязанн*",
            "том что", "уволить", "на имя", "владел*", "фамилия", "имя", "отчество"),
        .. Phrases(Kind.Official,
            "врач*", "лечащ*", "руководител*", "подпис*", "инспектор*", "начальник*", "директор*", "исполнител*", "комиссар*",
            "заведующ*", "председател*", "бухгалтер*", "специалист*", "фельдшер*", "медсестр*", "медицинск* сестр*", "регистратор*",
            "нотариус*", "эксперт*", "секретар*", "уполномоченн*", "представител*", "должностн* лиц*", "ответственн* лиц*",
            "консультант*", "член* комисси*", "глав* администрац*"),
        .. Phrases(Kind.Parent, "отец", "мать", "родител*"),
    ];

    /// <summary>The words that are labels of a name's parts in a form (Фамилия … Имя … Отчество …).</summary>
    public static Phrase Surname { get; } = Phrase.Parse("фамилия");

    public static Phrase GivenName { get; } = Phrase.Parse("имя");

    public static Phrase Patronymic { get; } = Phrase.Parse("отчество");

    /// <summary>True when the (normalised) word is itself a label and so never part of a name.</summary>
    public static bool IsLabel(string word)
    {
        var tokens = new[] { new TextToken(word, 0, word.Length) };
        return All.Any(l => l.Phrase.MatchAt(tokens, 0) == 0);
    }

    private static IEnumerable<(Phrase, Kind)> Phrases(Kind kind, params string[] phrases) => phrases.Select(p => (Phrase.Parse(p), kind));
}
