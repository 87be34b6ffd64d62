using System.Text;
using Microsoft.Extensions.Compliance.Redaction;

namespace RbIdp.Pipeline.Documents;

/// <summary>
/// Redacts a person's name to its initials: <c>Иванов Иван Петрович</c> is logged as <c>И***** И. П.</c> — enough to tell
/// two runs' applicants apart in a log, not enough to name anyone.
/// </summary>
internal sealed class NameInitialsRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Mask(input).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var masked = Mask(source);
        masked.CopyTo(destination);
        return masked.Length;
    }

    private static string Mask(ReadOnlySpan<char> name)
    {
        var parts = FioNormalizer.Tidy(name.ToString()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "";
        }

        var builder = new StringBuilder();
        builder.Append(parts[0][0]).Append('*', Math.Max(parts[0].Length - 1, 1));
        foreach (var part in parts.Skip(1))
        {
            builder.Append(' ').Append(part[0]).Append('.');
        }

        return builder.ToString();
    }
}
