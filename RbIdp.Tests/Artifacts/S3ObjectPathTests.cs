using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Tests.Artifacts;

/// <summary>What an <c>s3_path</c> may name: a valid bucket and a plain key, nothing that walks out of it.</summary>
public sealed class S3ObjectPathTests
{
    [Theory]
    [InlineData("s3://client-docs/2026/11/scan.pdf", "client-docs", "2026/11/scan.pdf")]
    [InlineData("s3://bank.archive-01/Справка_№5.pdf", "bank.archive-01", "Справка_№5.pdf")]
    public void A_path_names_its_bucket_and_key(string value, string bucket, string key)
    {
        Assert.True(S3ObjectPath.TryParse(value, out var path));

        Assert.Equal(new S3ObjectPath(bucket, key), path);
        Assert.Equal(value, path.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("client-docs/scan.pdf")]
    [InlineData("s3://client-docs/")]
    [InlineData("s3://client-docs/../other/scan.pdf")]
    [InlineData("s3://client-docs/a/./scan.pdf")]
    [InlineData("s3://client-docs/a//scan.pdf")]
    [InlineData("s3://Client-Docs/scan.pdf")]
    [InlineData("s3://x/scan.pdf")]
    [InlineData("http://client-docs/scan.pdf")]
    [InlineData("s3://client-docs/scan\u0000.pdf")]
    [InlineData("s3://client-docs/Справка №5.pdf")]
    public void Anything_else_is_not_a_path(string value) => Assert.False(S3ObjectPath.TryParse(value, out _));
}
