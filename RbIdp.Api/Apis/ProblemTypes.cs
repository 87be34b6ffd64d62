namespace RbIdp.Api.Apis;

/// <summary>Stable RFC 9457 <c>type</c> URIs, one per error kind.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:rbidp:problem:";

    public const string Validation = Prefix + "validation";
    public const string BadRequest = Prefix + "bad-request";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string RunFailed = Prefix + "run-failed";
    public const string RunCanceled = Prefix + "run-canceled";
    public const string UnknownValue = Prefix + "unknown-value";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string UnsupportedFileType = Prefix + "unsupported-file-type";
    public const string NotFound = Prefix + "not-found";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string IdempotencyConflict = Prefix + "idempotency-key-reused";
    public const string Conflict = Prefix + "conflict";
    public const string RateLimited = Prefix + "rate-limited";
    public const string S3PathNotAllowed = Prefix + "s3-path-not-allowed";
    public const string S3PathForbidden = Prefix + "s3-path-forbidden";
    public const string CallbackUrlNotAllowed = Prefix + "callback-url-not-allowed";
    public const string Unavailable = Prefix + "unavailable";
    public const string Internal = Prefix + "internal";
}
