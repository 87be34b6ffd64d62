using System.Globalization;

namespace RbIdp.Pipeline.Documents;

/// <summary>
/// The applicant's name compared as DOMAIN.md says. (In logs a name is redacted by the logging pipeline: a parameter
/// annotated <see cref="PersonNameAttribute"/> is written as initials by <see cref="NameInitialsRedactor"/>.)
/// </summary>
public static class FioMask
{
    /// <summary>DOMAIN.md §1: trim, collapse spaces, ё→е, case-insensitive.</summary>
    public static string Normalize(string fio) =>
        string.Join(' ', fio.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace('ё', 'е').Replace('Ё', 'Е')
            .ToLower(CultureInfo.InvariantCulture);
}
