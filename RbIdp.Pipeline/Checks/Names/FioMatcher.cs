using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Checks.Names;

internal enum FioOutcome
{
    /// <summary>The applicant is named as the document's subject (or in no other role).</summary>
    Match,

    /// <summary>The document is about someone else, or names the applicant only as an official.</summary>
    Mismatch,

    /// <summary>No subject's name can be located.</summary>
    NotFound,
}

/// <summary>The decision, the mention it rests on (the matched applicant, or the other subject) and every person found.</summary>
internal sealed record FioMatch(FioOutcome Outcome, PersonMention? Evidence, IReadOnlyList<PersonMention> Persons);

/// <summary>
/// Is the applicant the subject of the document (DOMAIN.md §3, "Name matching is the hard part")? Compares every
/// person the text names with every case form of the applicant's name, never on the surname alone:
/// <list type="number">
/// <item>the applicant named as subject, or in no particular role → <see cref="FioOutcome.Match"/>;</item>
/// <item>another person named as subject → <see cref="FioOutcome.Mismatch"/>;</item>
/// <item>the applicant named only as a doctor, an inspector, a signatory → <see cref="FioOutcome.Mismatch"/>;</item>
/// <item>no subject labelled, but another full name (Фамилия Имя Отчество) stands in no official role → <see cref="FioOutcome.Mismatch"/>;</item>
/// <item>otherwise <see cref="FioOutcome.NotFound"/>.</item>
/// </list>
/// When the applicant and another full name both stand in no role, the matcher does not guess: <see cref="FioOutcome.NotFound"/>.
/// A name one or two letters from the applicant's is undecided (OCR damage) unless every word of it was read clearly
/// (its reading confidence at or above the clear-name confidence of the policy): then it is another person.
/// On a birth certificate the subjects are the parents (Отец, Мать); the child is another person.
/// </summary>
internal static class FioMatcher
{
    public static FioMatch Match(
        string applicantFio, string text, DocumentType? documentType = null, OcrTextMap? reading = null, double clearNameConfidence = double.MaxValue)
    {
        var persons = PersonMentionFinder.Find(text, documentType);
        var applicant = ApplicantName.Parse(applicantFio);
        if (applicant is null)
        {
            return new FioMatch(FioOutcome.NotFound, null, persons);
        }

        var judged = persons
            .Select(p => (Person: p, Likeness: Compare(applicant, p, clearlyRead: reading?.Least(p.Start, p.End) >= clearNameConfidence)))
            .ToList();
        bool Is(PersonRole role, Likeness likeness, (PersonMention Person, Likeness Likeness) j) =>
            j.Person.Role == role && j.Likeness == likeness;

        bool OtherFullName((PersonMention Person, Likeness Likeness) j) =>
            Is(PersonRole.Unknown, Likeness.Different, j) && !j.Person.Weak
            && j.Person.Name is { Surname: not null, GivenName: not null, Patronymic: not null };
        var bySubject =
            Pick(judged, j => Is(PersonRole.Subject, Likeness.Same, j), FioOutcome.Match)
            ?? Pick(judged, j => Is(PersonRole.Subject, Likeness.Different, j) && j.Person.Name.IsFull, FioOutcome.Mismatch);
        if (bySubject is null && judged.Any(j => Is(PersonRole.Unknown, Likeness.Same, j)) && judged.Any(OtherFullName))
        {
            return new FioMatch(FioOutcome.NotFound, null, persons); // the applicant and another full name, neither with a role
        }

        var decision = bySubject
            ?? Pick(judged, j => Is(PersonRole.Unknown, Likeness.Same, j), FioOutcome.Match)
            ?? Pick(judged, j => j.Likeness == Likeness.Same && j.Person.Role is PersonRole.Official or PersonRole.Other, FioOutcome.Mismatch)
            ?? Pick(judged, OtherFullName, FioOutcome.Mismatch);
        return decision is { } found
            ? new FioMatch(found.Outcome, found.Person, persons)
            : new FioMatch(FioOutcome.NotFound, null, persons);
    }

    /// <summary>
    /// Same when a reading of the mention is a form of the applicant's name in every part it has (surname, and
    /// given name or initial at least); Different when it is a full name that is not; Either (undecided) when
    /// it says too little, such as a surname alone, or is a near miss that more OCR damage would explain — unless the
    /// name was <paramref name="clearlyRead"/>, when a near miss is another person.
    /// </summary>
    public static Likeness Compare(ApplicantName applicant, PersonMention person, bool clearlyRead = false)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        ArgumentNullException.ThrowIfNull(person);
        var primary = Compare(applicant, person.Name, clearlyRead);
        if (primary == Likeness.Same || person.Alternative is null)
        {
            return primary;
        }

        var alternative = Compare(applicant, person.Alternative, clearlyRead);
        return alternative == Likeness.Same ? Likeness.Same : primary;
    }

    // A full name that is not the applicant's, but would be with a little more OCR damage (Иваков Ивап Петрович),
    // is undecided rather than another person: a damaged scan goes to review, not to a rejection.
    private static Likeness Compare(ApplicantName applicant, NameParts name, bool clearlyRead)
    {
        if (!name.IsFull)
        {
            return Likeness.Either;
        }

        var strict = CompareParts(applicant, name, loose: false);
        return strict == Likeness.Different && !clearlyRead && CompareParts(applicant, name, loose: true) == Likeness.Same ? Likeness.Either : strict;
    }

    private static Likeness CompareParts(ApplicantName applicant, NameParts name, bool loose)
    {
        var parts = new List<Likeness> { applicant.CompareSurname(name.Surname!, loose) };
        if (name.GivenName is not null)
        {
            parts.Add(applicant.CompareGivenName(name.GivenName, loose));
        }
        else
        {
            parts.Add(applicant.GivenNameStartsWith(name.GivenInitial!.Value) ? Likeness.Same : Likeness.Different);
        }

        if (name.Patronymic is not null)
        {
            parts.Add(applicant.ComparePatronymic(name.Patronymic, loose));
        }
        else if (name.PatronymicInitial is { } initial)
        {
            parts.Add(applicant.PatronymicStartsWith(initial) ? Likeness.Same : Likeness.Different);
        }

        if (parts.Contains(Likeness.Different))
        {
            return Likeness.Different;
        }

        // «Иванова М.П.» against Иванов Михаил Петрович: the genitive of Иванов, or Иванова Мария Петровна in the
        // nominative. Initials cannot tell; a given name or a patronymic written out can (Иванова Михаила Петровича).
        // An oblique form shared by both (Гусеву: to Гусев, or Гусева in the accusative) reads as the applicant's.
        var initialsOnly = name.GivenName is null && name.Patronymic is null;
        return parts[0] == Likeness.Either && initialsOnly && applicant.IsOtherGendersSurname(name.Surname!) ? Likeness.Either : Likeness.Same;
    }

    private static (FioOutcome Outcome, PersonMention Person)? Pick(
        List<(PersonMention Person, Likeness Likeness)> judged,
        Func<(PersonMention Person, Likeness Likeness), bool> rule,
        FioOutcome outcome)
    {
        var hit = judged.FirstOrDefault(rule);
        return hit.Person is null ? null : (outcome, hit.Person);
    }
}
