using System.Text;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs.Storage;

namespace RbIdp.Tests.Artifacts;

/// <summary>What every <see cref="IArtifactStore"/> must do; each store runs these against a real backend.</summary>
public abstract class ArtifactStoreContract
{
    private static readonly DateTimeOffset Created = new(2026, 11, 28, 10, 15, 0, TimeSpan.Zero);

    protected abstract IArtifactStore Store { get; }

    /// <summary>Bounds every call of one test.</summary>
    protected CancellationToken Timeout { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    protected static string RunKey(Guid run, string name) => ArtifactKeys.ForRun(run, Created, name);

    protected static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    protected async Task<string?> ReadTextAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, Timeout);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Timeout);
    }

    [Fact]
    public async Task Stored_artifact_reads_back_byte_for_byte()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Input);
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);

        await Store.PutAsync(key, new MemoryStream(bytes), "application/pdf", Timeout);

        await using var stream = await Store.OpenReadAsync(key, Timeout);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Timeout);
        Assert.Equal(bytes, copy.ToArray());
        Assert.True(await Store.ExistsAsync(key, Timeout));
    }

    [Fact]
    public async Task Unseekable_content_is_stored_whole()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Ocr);
        var text = string.Concat(Enumerable.Repeat("Иванову Ивану Петровичу; ", 20_000));

        await Store.PutAsync(key, new ForwardOnlyStream(Encoding.UTF8.GetBytes(text)), "application/json", Timeout);

        Assert.Equal(text, await ReadTextAsync(key));
    }

    [Fact]
    public async Task Put_replaces_the_previous_version()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Result);
        await Store.PutAsync(key, Utf8("{\"verdict\":\"pending\"}"), "application/json", Timeout);

        await Store.PutAsync(key, Utf8("{\"verdict\":\"accepted\"}"), "application/json", Timeout);

        Assert.Equal("{\"verdict\":\"accepted\"}", await ReadTextAsync(key));
    }

    [Fact]
    public async Task A_write_that_fails_midway_keeps_the_previous_version()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Stamp);
        await Store.PutAsync(key, Utf8("{\"found\":true}"), "application/json", Timeout);

        await Assert.ThrowsAnyAsync<Exception>(
            () => Store.PutAsync(key, new FailingStream(bytesBeforeFailure: 10_000), "application/json", Timeout));

        Assert.Equal("{\"found\":true}", await ReadTextAsync(key));
    }

    [Fact]
    public async Task Missing_artifact_reads_as_null_and_does_not_exist()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Timings);

        Assert.Null(await Store.OpenReadAsync(key, Timeout));
        Assert.False(await Store.ExistsAsync(key, Timeout));
    }

    [Fact]
    public async Task Listing_a_run_returns_exactly_what_was_just_written()
    {
        var run = Guid.NewGuid();
        var neighbour = Guid.NewGuid();
        string[] names = [ArtifactKeys.Ocr, ArtifactKeys.RuleChecks, ArtifactKeys.Result];
        foreach (var name in names)
        {
            await Store.PutAsync(RunKey(run, name), Utf8(name), "application/json", Timeout);
        }

        await Store.PutAsync(RunKey(neighbour, ArtifactKeys.Ocr), Utf8("other run"), "application/json", Timeout);

        var listed = await Store.ListAsync(ArtifactKeys.RunPrefix(run, Created), Timeout);

        Assert.Equal(names.Select(name => RunKey(run, name)).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Deleting_a_run_prefix_removes_only_that_run()
    {
        var run = Guid.NewGuid();
        var neighbour = Guid.NewGuid();
        await Store.PutAsync(RunKey(run, ArtifactKeys.Ocr), Utf8("a"), "application/json", Timeout);
        await Store.PutAsync(RunKey(run, ArtifactKeys.Input), Utf8("b"), "application/pdf", Timeout);
        await Store.PutAsync(RunKey(neighbour, ArtifactKeys.Ocr), Utf8("c"), "application/json", Timeout);

        var deleted = await Store.DeletePrefixAsync(ArtifactKeys.RunPrefix(run, Created), Timeout);

        Assert.Equal(2, deleted);
        Assert.Empty(await Store.ListAsync(ArtifactKeys.RunPrefix(run, Created), Timeout));
        Assert.False(await Store.ExistsAsync(RunKey(run, ArtifactKeys.Ocr), Timeout));
        Assert.Equal("c", await ReadTextAsync(RunKey(neighbour, ArtifactKeys.Ocr)));
        Assert.Equal(0, await Store.DeletePrefixAsync(ArtifactKeys.RunPrefix(run, Created), Timeout));
    }

    [Theory]
    [InlineData("../outside.json")]
    [InlineData("runs/../../etc/passwd")]
    [InlineData("runs/./x.json")]
    [InlineData("/etc/passwd")]
    [InlineData("runs\\2026-11-28\\x.json")]
    [InlineData("runs//x.json")]
    [InlineData("runs/x/")]
    [InlineData("C:/windows/x.json")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_store_are_rejected(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(key, Utf8("x"), "text/plain", Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(key, Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ExistsAsync(key, Timeout));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/runs/")]
    [InlineData("runs/../")]
    public async Task Prefixes_that_could_escape_the_store_are_rejected(string prefix)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListAsync(prefix, Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeletePrefixAsync(prefix, Timeout));
    }

    [Fact]
    public async Task Available_store_passes_the_readiness_check()
    {
        var check = new ArtifactStoreHealthCheck(Store);

        var result = await check.CheckHealthAsync(HealthChecks.Context(check), Timeout);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, result.Status);
    }

    /// <summary>A stream that can only be read forwards and does not know its length, like a request body.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }

    /// <summary>Yields some bytes, then fails, as a dropped upload would.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent >= bytesBeforeFailure)
            {
                throw new InvalidOperationException("connection to the client was lost");
            }

            var n = Math.Min(count, bytesBeforeFailure - _sent);
            Array.Fill(buffer, (byte)'x', offset, n);
            _sent += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
