namespace RbIdp.Pipeline.Processing;

/// <summary>Where the document comes from: an uploaded copy in our storage, or a client's <c>s3://bucket/key</c>.</summary>
public sealed record DocumentInput(string Reference, string? Sha256 = null, long? Length = null)
{
    public bool IsClientS3Path => Reference.StartsWith(Artifacts.S3ObjectPath.Scheme, StringComparison.Ordinal);
}
