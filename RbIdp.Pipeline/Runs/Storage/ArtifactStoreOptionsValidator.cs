using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Runs.Storage;

/// <summary>Rejects a configuration that cannot work, so the process stops at boot with a clear message.</summary>
internal sealed class ArtifactStoreOptionsValidator : IValidateOptions<ArtifactStoreOptions>
{
    private static readonly SearchValues<char> BucketChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    public ValidateOptionsResult Validate(string? name, ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        switch (options.Kind)
        {
            case ArtifactStoreKind.Disk:
                if (string.IsNullOrWhiteSpace(options.RootPath))
                {
                    failures.Add($"{ArtifactStoreOptions.SectionName}:RootPath is required when Kind is Disk.");
                }

                break;
            case ArtifactStoreKind.S3:
                ValidateEndpoint(options.Endpoint, failures);
                if (BucketNameProblem(options.Bucket) is { } problem)
                {
                    failures.Add($"{ArtifactStoreOptions.SectionName}:Bucket '{options.Bucket}' is not a valid S3 bucket name: {problem}.");
                }

                if (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey))
                {
                    failures.Add($"{ArtifactStoreOptions.SectionName}:AccessKey and SecretKey are required when Kind is S3.");
                }

                if (string.IsNullOrWhiteSpace(options.Region))
                {
                    failures.Add($"{ArtifactStoreOptions.SectionName}:Region must not be empty.");
                }

                break;
            default:
                failures.Add($"{ArtifactStoreOptions.SectionName}:Kind '{options.Kind}' is unknown; use Disk or S3.");
                break;
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{ArtifactStoreOptions.SectionName}:RequestTimeout must be between 0 and 30 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The S3 bucket naming rules, or null when <paramref name="bucket"/> follows them.</summary>
    public static string? BucketNameProblem(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket))
        {
            return "it is empty";
        }

        if (bucket.Length is < 3 or > 63)
        {
            return "it must be 3 to 63 characters long";
        }

        if (bucket.AsSpan().ContainsAnyExcept(BucketChars))
        {
            return "only lower-case letters, digits, '.' and '-' are allowed";
        }

        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return "it must begin and end with a letter or digit";
        }

        if (bucket.Contains("..", StringComparison.Ordinal))
        {
            return "it must not contain two adjacent periods";
        }

        if (IPAddress.TryParse(bucket, out _))
        {
            return "it must not look like an IP address";
        }

        if (bucket.StartsWith("xn--", StringComparison.Ordinal) || bucket.EndsWith("-s3alias", StringComparison.Ordinal))
        {
            return "the prefix 'xn--' and the suffix '-s3alias' are reserved";
        }

        return null;
    }

    private static void ValidateEndpoint(Uri? endpoint, List<string> failures)
    {
        const string Key = ArtifactStoreOptions.SectionName + ":Endpoint";
        if (endpoint is null)
        {
            failures.Add($"{Key} is required when Kind is S3 (e.g. https://s3.example.internal:9000).");
            return;
        }

        if (!endpoint.IsAbsoluteUri
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(endpoint.Host))
        {
            failures.Add($"{Key} '{endpoint}' must be an absolute http:// or https:// URL.");
            return;
        }

        if (endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0 || endpoint.UserInfo.Length > 0)
        {
            failures.Add($"{Key} '{endpoint}' must be the service root: no path, query or credentials (the bucket is configured separately).");
        }
    }
}
