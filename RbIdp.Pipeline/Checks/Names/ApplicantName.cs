using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Checks.Names;

/// <summary>How a word of a document relates to one part of the applicant's name.</summary>
internal enum Likeness
{
    /// <summary>A form of the applicant's name (with OCR noise at most), closer to it than to the other gender's.</summary>
    Same,

    /// <summary>Equally a form of the applicant's name and of the other gender's (Иванова: genitive of Иванов, nominative of Иванова).</summary>
    Either,

    Different,
}

/// <summary>
/// The applicant's <c>fio</c> (nominative <c>Фамилия Имя [Отчество]</c>, Cyrillic or Latin), with every case
/// form of each part and, as rivals, the forms the other gender would bear (Иванова Мария Петровна is not
/// Иванов Иван Петрович).
/// </summary>
internal sealed class ApplicantName
{
    private readonly NameForms _surname;
    private readonly NameForms _givenName;
    private readonly NameForms? _patronymic;

    private ApplicantName(string surname, string givenName, string? patronymic, Gender gender)
    {
        Surname = surname;
        GivenName = givenName;
        Patronymic = patronymic;
        Gender = gender;
        var other = gender == Gender.Female ? Gender.Male : Gender.Female;
        _surname = new NameForms(
            NameDeclension.Surname(surname, gender),
            NameDeclension.SurnameOfOtherGender(surname, gender) is { } rival ? NameDeclension.Surname(rival, other) : []);
        _givenName = new NameForms(
            NameDeclension.GivenName(givenName, gender),
            NameDeclension.GivenNameOfOtherGender(givenName, gender) is { } rivalName ? NameDeclension.GivenName(rivalName, other) : []);
        _patronymic = patronymic is null ? null : new NameForms(
            NameDeclension.Patronymic(patronymic),
            NameDeclension.PatronymicOfOtherGender(patronymic) is { } rivalPatronymic ? NameDeclension.Patronymic(rivalPatronymic) : []);
    }

    public string Surname { get; }

    /// <summary>
    /// True when the word is the other gender's surname in the nominative (Иванова for Иванов, Иванов for Иванова):
    /// the form a document most often names its subject in, so initials alone cannot tell whose it is.
    /// </summary>
    public bool IsOtherGendersSurname(string word) =>
        NameDeclension.SurnameOfOtherGender(Surname, Gender) is { } rival
        && OcrEditDistance.Distance(word, rival) <= OcrEditDistance.Tolerance(rival.Length) / 2;

    public string GivenName { get; }

    public string? Patronymic { get; }

    public Gender Gender { get; }

    /// <summary>Parses a request's <c>fio</c>; null when it has fewer than two words.</summary>
    public static ApplicantName? Parse(string fio)
    {
        ArgumentNullException.ThrowIfNull(fio);
        var words = FioNormalizer.Words(fio.Any(LatinLookAlikes.IsCyrillic) ? fio : LatinTransliteration.ToCyrillic(fio));
        if (words.Count < 2)
        {
            return null;
        }

        var patronymic = words.Count > 2 ? words[2] : null;
        var gender = patronymic is null ? Gender.Unknown : NameDeclension.GenderOfPatronymic(patronymic);
        if (gender == Gender.Unknown && words.Count > 3)
        {
            gender = NameDeclension.GenderOfPatronymic(words[3]); // Мамедов Ильхам Гейдар оглы
        }

        if (gender == Gender.Unknown)
        {
            gender = NameDeclension.GenderOfGivenName(words[1]);
        }

        if (gender == Gender.Unknown)
        {
            gender = NameDeclension.GenderOfSurname(words[0]);
        }

        return new ApplicantName(words[0], words[1], patronymic, gender);
    }

    /// <param name="word">A normalised word of the document.</param>
    /// <param name="loose">Allow twice the OCR errors (at most two): tells a damaged reading of the applicant from another person.</param>
    public Likeness CompareSurname(string word, bool loose = false) => _surname.Compare(word, loose);

    public Likeness CompareGivenName(string word, bool loose = false) => _givenName.Compare(word, loose);

    /// <summary>Same when the applicant has no patronymic to compare with, unless the word's gender is the other one.</summary>
    public Likeness ComparePatronymic(string word, bool loose = false)
    {
        if (_patronymic is not null)
        {
            return _patronymic.Compare(word, loose);
        }

        var gender = NameDeclension.GenderOfPatronymicForm(word);
        return gender != Gender.Unknown && Gender != Gender.Unknown && gender != Gender ? Likeness.Different : Likeness.Same;
    }

    public bool GivenNameStartsWith(char initial) => char.ToLowerInvariant(initial) == GivenName[0];

    public bool PatronymicStartsWith(char initial) => Patronymic is null || char.ToLowerInvariant(initial) == Patronymic[0];

    public override string ToString() => string.Join(' ', new[] { Surname, GivenName, Patronymic }.OfType<string>());

    private sealed class NameForms(IReadOnlyList<string> own, IReadOnlyList<string> rival)
    {
        public Likeness Compare(string word, bool loose)
        {
            var (ownDistance, ownTolerance) = Closest(word, own);
            if (loose)
            {
                ownTolerance = Math.Max(ownTolerance, Math.Min(2 * ownTolerance, 2));
            }

            if (ownDistance > ownTolerance)
            {
                return Likeness.Different;
            }

            var (rivalDistance, _) = Closest(word, rival);
            return rivalDistance < ownDistance ? Likeness.Different
                : rivalDistance == ownDistance ? Likeness.Either
                : Likeness.Same;
        }

        private static (double Distance, double Tolerance) Closest(string word, IReadOnlyList<string> forms)
        {
            var best = (Distance: double.MaxValue, Tolerance: 0.0);
            foreach (var form in forms)
            {
                var tolerance = OcrEditDistance.Tolerance(form.Length);
                var distance = OcrEditDistance.Distance(word, form, Math.Max(tolerance, 2));
                if (distance < best.Distance)
                {
                    best = (distance, tolerance);
                }
            }

            return best;
        }
    }
}
