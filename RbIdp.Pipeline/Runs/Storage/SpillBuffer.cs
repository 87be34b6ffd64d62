
namespace RbIdp.Pipeline.Runs.Storage;

/// <summary>
/// A read/write buffer that keeps up to <see cref="S3ArtifactStore.MemoryBufferLimit"/> bytes in memory and
/// moves to a temporary file (deleted on dispose) beyond that, so large inputs do not sit on the heap.
/// </summary>
internal sealed class SpillBuffer : Stream
{
    private Stream _inner;
    private bool _spilled;

    private SpillBuffer(long expectedBytes)
    {
        _inner = new MemoryStream((int)Math.Clamp(expectedBytes, 0, S3ArtifactStore.MemoryBufferLimit));
    }

    /// <summary>An empty buffer; <paramref name="expectedBytes"/> (when known) is allocated at once, up to the in-memory limit.</summary>
    public static SpillBuffer Create(long expectedBytes = 0) => new(expectedBytes);

    /// <summary>Copies <paramref name="source"/> to a new buffer positioned at its start.</summary>
    public static async Task<SpillBuffer> CopyAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new SpillBuffer(0);
        try
        {
            await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        SpillIfNeeded(buffer.Length);
        _inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        SpillIfNeeded(buffer.Length);
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        SpillIfNeeded(value - _inner.Position);
        _inner.SetLength(value);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void SpillIfNeeded(long incoming)
    {
        if (_spilled || _inner.Position + incoming <= S3ArtifactStore.MemoryBufferLimit)
        {
            return;
        }

        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"rbidp-artifact-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        var position = _inner.Position;
        _inner.Position = 0;
        _inner.CopyTo(file);
        file.Position = position;
        _inner.Dispose();
        _inner = file;
        _spilled = true;
    }
}
