using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RbIdp.Pipeline.Artifacts;

/// <summary>
/// A client's object named by an <c>s3://bucket/key</c> path: a valid bucket name and a plain key (no empty,
/// <c>.</c> or <c>..</c> segments, no whitespace or control characters, at most 1024 characters).
/// </summary>
public sealed partial record S3ObjectPath(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out S3ObjectPath? path)
    {
        path = null;
        var match = value is null ? Match.Empty : PathPattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var key = match.Groups["key"].Value;
        if (key.Split('/').Any(segment => segment is "" or "." or "..") || key.Any(char.IsControl))
        {
            return false;
        }

        path = new S3ObjectPath(match.Groups["bucket"].Value, key);
        return true;
    }

    public static S3ObjectPath Parse(string value) =>
        TryParse(value, out var path) ? path : throw new FormatException($"'{value}' is not an s3://bucket/key path of a plain key.");

    public override string ToString() => Scheme + Bucket + "/" + Key;

    [GeneratedRegex(@"^s3://(?<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])/(?<key>[^\s]{1,1024})$")]
    private static partial Regex PathPattern();
}
