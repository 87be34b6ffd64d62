using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Api.Submissions;

/// <summary>Section <c>Submissions</c>: which client buckets may be read, and the sync path's limits.</summary>
public sealed class SubmissionOptions
{
    public const string SectionName = "Submissions";

    /// <summary>
    /// Buckets a request's <c>s3_path</c> may name (on the configured S3 endpoint), each client only under its own
    /// prefixes (<see cref="ClientObjects"/>). Empty: s3 paths are refused, except in a client's own buckets.
    /// </summary>
    public List<string> AllowedS3Buckets { get; init; } = [];

    /// <summary>Per client id: the buckets and key prefixes its <c>s3_path</c> may name besides <c>clients/&lt;client_id&gt;/</c>.</summary>
    public Dictionary<string, ClientObjectScope> ClientObjects { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="clientId"/> may have the service read <paramref name="path"/>.</summary>
    public bool Permits(string clientId, Pipeline.Artifacts.S3ObjectPath path) =>
        ClientObjectScope.Permits(ClientObjects.GetValueOrDefault(clientId), clientId, path, AllowedS3Buckets);

    /// <summary>How many documents the API processes synchronously at once; more go to the job queue (202).</summary>
    [Range(1, 64)]
    public int SyncConcurrency { get; init; } = 2;

    /// <summary>Documents with more pages than this go to the job queue (202) instead of the sync path.</summary>
    [Range(1, 100)]
    public int SyncMaxPages { get; init; } = 3;

    /// <summary>Requests per minute per client before 429.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; init; } = 120;
}

[OptionsValidator]
public sealed partial class SubmissionOptionsValidator : IValidateOptions<SubmissionOptions>;
