using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Api.Submissions;

/// <summary>
/// What one client's <c>s3_path</c> may name (<c>Submissions:ClientObjects:&lt;client_id&gt;</c>): whole buckets, and
/// key prefixes within the service's allow-listed buckets (<c>Submissions:AllowedS3Buckets</c>). Every client may
/// name keys under its own prefix <c>clients/&lt;client_id&gt;/</c>; a client without an entry may name nothing else,
/// so one client cannot make the service read another's documents.
/// </summary>
public sealed class ClientObjectScope
{
    /// <summary>Buckets this client may name any key of (on the service's S3 endpoint, readable with its credentials).</summary>
    public List<string> Buckets { get; init; } = [];

    /// <summary>Key prefixes this client may name in an allow-listed bucket, each ending with <c>/</c> (a folder).</summary>
    public List<string> KeyPrefixes { get; init; } = [];

    /// <summary>The folder every client owns in an allow-listed bucket.</summary>
    public static string OwnPrefix(string clientId) => $"clients/{clientId}/";

    /// <summary>Why the entry is invalid, or null: a prefix must be a plain folder (no <c>..</c>, ends with <c>/</c>).</summary>
    public string? Problem(string clientId)
    {
        foreach (var prefix in KeyPrefixes)
        {
            if (!prefix.EndsWith('/') || !S3ObjectPath.TryParse($"s3://bucket-name/{prefix}object", out _))
            {
                return $"Submissions:ClientObjects:{clientId}:KeyPrefixes has '{prefix}': a prefix is a plain key folder ending with '/'.";
            }
        }

        return Buckets.FirstOrDefault(b => !S3ObjectPath.TryParse($"s3://{b}/object", out _)) is { } bucket
            ? $"Submissions:ClientObjects:{clientId}:Buckets has '{bucket}', which is not a bucket name."
            : null;
    }

    /// <summary>Whether <paramref name="clientId"/> may name <paramref name="path"/>, given this entry (null: none configured).</summary>
    public static bool Permits(ClientObjectScope? scope, string clientId, S3ObjectPath path, IReadOnlyCollection<string> allowedBuckets)
    {
        if (scope is not null && scope.Buckets.Contains(path.Bucket, StringComparer.Ordinal))
        {
            return true;
        }

        if (!allowedBuckets.Contains(path.Bucket, StringComparer.Ordinal))
        {
            return false;
        }

        return path.Key.StartsWith(OwnPrefix(clientId), StringComparison.Ordinal)
            || (scope?.KeyPrefixes.Any(p => path.Key.StartsWith(p, StringComparison.Ordinal)) ?? false);
    }
}
