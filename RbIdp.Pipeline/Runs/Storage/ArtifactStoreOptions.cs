
namespace RbIdp.Pipeline.Runs.Storage;

internal enum ArtifactStoreKind
{
    Disk,
    S3,
}

/// <summary>Configuration section <c>ArtifactStore</c>; validated at start by <see cref="ArtifactStoreOptionsValidator"/>.</summary>
internal sealed class ArtifactStoreOptions
{
    public const string SectionName = "ArtifactStore";

    public ArtifactStoreKind Kind { get; set; } = ArtifactStoreKind.Disk;

    /// <summary>Disk: the root folder (created when missing).</summary>
    public string? RootPath { get; set; }

    /// <summary>S3: the service URL, e.g. <c>https://s3.example.internal:9000</c>; the scheme decides TLS.</summary>
    public Uri? Endpoint { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? Bucket { get; set; }

    /// <summary>S3: the signing region; most S3-compatible servers accept the default.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>S3: how long one request may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when <see cref="Endpoint"/> is an <c>https</c> URL.</summary>
    public bool UseSsl => Endpoint is { IsAbsoluteUri: true } && string.Equals(Endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
}
