using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Artifacts;

public sealed class LocalDiskArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    private readonly string _root = LocalServer.CreateTempDirectory("artifacts");
    private readonly LocalDiskArtifactStore _store;

    public LocalDiskArtifactStoreTests() => _store = new LocalDiskArtifactStore(_root, NullLogger<LocalDiskArtifactStore>.Instance);

    protected override IArtifactStore Store => _store;

    [Fact]
    public async Task A_client_s3_object_cannot_be_read_from_local_disk_and_says_which_store_can()
    {
        var refused = await Assert.ThrowsAsync<NotSupportedException>(
            () => _store.OpenClientObjectAsync(new S3ObjectPath("client-docs", "scan.pdf"), 1000, CancellationToken.None));

        Assert.Contains("ArtifactStore:Kind=S3", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Artifacts_are_files_under_the_root_at_their_key()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Ocr);

        await Store.PutAsync(key, Utf8("{}"), "application/json", Timeout);

        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(_root, key), Timeout));
    }

    [Fact]
    public async Task Writes_leave_no_temporary_files_behind()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.LlmChecks);
        await Store.PutAsync(key, Utf8("{}"), "application/json", Timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(key, new ThrowingStream(), "application/json", Timeout));

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);

        Assert.Equal([Path.Combine(_root, key)], files);
        Assert.Equal([key], await Store.ListAsync("", Timeout));
    }

    [Fact]
    public async Task Deleting_a_run_removes_its_emptied_folders()
    {
        var run = Guid.NewGuid();
        var created = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        await Store.PutAsync(ArtifactKeys.ForRun(run, created, ArtifactKeys.Ocr), Utf8("{}"), "application/json", Timeout);

        await Store.DeletePrefixAsync(ArtifactKeys.RunPrefix(run, created), Timeout);

        Assert.False(Directory.Exists(Path.Combine(_root, "runs")));
        Assert.True(Directory.Exists(_root));
    }

    [Fact]
    public async Task Local_disk_offers_no_download_url()
    {
        Assert.Null(await Store.GetDownloadUrlAsync(RunKey(Guid.NewGuid(), ArtifactKeys.Input), TimeSpan.FromMinutes(5), Timeout));
    }

    public void Dispose() => LocalServer.DeleteDirectory(_root);

    private sealed class ThrowingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("upload aborted");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("upload aborted");
    }
}
