using System.Globalization;
using System.Text;

namespace RbIdp.Pipeline.Documents;

/// <summary>
/// The applicant's name is personal data: it never appears unmasked in logs. <c>Иванов Иван Петрович</c>
/// is logged as <c>И***** И. П.</c>.
/// </summary>
public static class FioMask
{
    public static string Mask(string? fio)
    {
        if (string.IsNullOrWhiteSpace(fio))
        {
            return "";
        }

        var parts = fio.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var builder = new StringBuilder();
        builder.Append(parts[0][0]).Append('*', Math.Max(parts[0].Length - 1, 1));
        foreach (var part in parts.Skip(1))
        {
            builder.Append(' ').Append(part[0]).Append('.');
        }

        return builder.ToString();
    }

    /// <summary>DOMAIN.md §1: trim, collapse spaces, ё→е, case-insensitive.</summary>
    public static string Normalize(string fio) =>
        string.Join(' ', fio.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace('ё', 'е').Replace('Ё', 'Е')
            .ToLower(CultureInfo.InvariantCulture);
}
