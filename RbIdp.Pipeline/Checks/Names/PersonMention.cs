namespace RbIdp.Pipeline.Checks.Names;

/// <summary>What a named person is to the document.</summary>
internal enum PersonRole
{
    /// <summary>Whom the document is about: the patient, the taxpayer, the unemployed citizen, the child's parent…</summary>
    Subject,

    /// <summary>Who issues or signs it: a doctor, an inspector, a head, a commissar.</summary>
    Official,

    /// <summary>Someone else it names on purpose, such as the child on a birth certificate.</summary>
    Other,

    Unknown,
}

/// <summary>One reading of a written name, normalised; any part may be missing, initials stand for given name and patronymic.</summary>
internal sealed record NameParts(string? Surname, string? GivenName, string? Patronymic, char? GivenInitial = null, char? PatronymicInitial = null)
{
    /// <summary>Enough to tell a person: a surname with a given name or its initial.</summary>
    public bool IsFull => Surname is not null && (GivenName is not null || GivenInitial is not null);
}

/// <summary>
/// A person named in the text: where (<paramref name="Start"/>..<paramref name="End"/>), as written, in which role, and
/// how the words read as a name. <paramref name="Alternative"/> is a second reading of the same words (Имя Отчество
/// Фамилия instead of Фамилия Имя Отчество). A <paramref name="Weak"/> mention has neither a patronymic, initials
/// nor field labels to show it is a name at all.
/// </summary>
internal sealed record PersonMention(
    string Text,
    int Start,
    int End,
    PersonRole Role,
    NameParts Name,
    NameParts? Alternative = null,
    bool Weak = false);
