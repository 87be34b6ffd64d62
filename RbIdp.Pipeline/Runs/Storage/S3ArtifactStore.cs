using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Pipeline.Runs.Storage;

/// <summary>
/// Artifacts in one bucket of any S3-compatible service (MinIO, SeaweedFS, RustFS, AWS S3) through the
/// Minio SDK. The bucket is created when missing. Reads are one GET of a URL the SDK signs in process (the SDK's
/// own read sends a HEAD before every GET, and its ranged reads are broken in 7.0.0), through the SDK's HTTP
/// client, into a buffer that spills to a temporary file past <see cref="MemoryBufferLimit"/>.
/// Writes are one PUT to a URL the SDK presigns, the body streamed with its length (<see cref="UploadAsync"/>).
/// TLS follows the endpoint's scheme and certificates are always validated.
/// </summary>
internal sealed partial class S3ArtifactStore(ArtifactStoreOptions options, ILogger<S3ArtifactStore> logger, HttpMessageHandler? handler = null)
    : IArtifactStore, IDisposable
{
    /// <summary>Objects up to this size are buffered in memory; larger ones in a temporary file.</summary>
    public const long MemoryBufferLimit = 16 * 1024 * 1024;

    private static readonly TimeSpan MaxUrlLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a URL this store signs for one read or upload stays valid: it is used at once, by this process only, but
    /// a server whose clock runs ahead must still take it (the tolerance S3 gives a signed request's date).
    /// </summary>
    private const int SignedUrlSeconds = 15 * 60;

    private readonly IMinioClient _client = CreateClient(options, handler);
    private readonly string _bucket = options.Bucket ?? throw new ArgumentException("A bucket is required.", nameof(options));
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private volatile bool _bucketReady;

    public string Bucket => _bucket;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidKey(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);

        // The SDK needs the size up front; a stream that cannot tell it is buffered first.
        Stream? buffered = null;
        try
        {
            var body = content;
            if (!content.CanSeek)
            {
                buffered = await SpillBuffer.CopyAsync(content, cancellationToken).ConfigureAwait(false);
                body = buffered;
            }

            var size = body.Length - body.Position;
            await RunAsync("put", key, async ct =>
            {
                await UploadAsync(key, body, size, contentType, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            LogStored(logger, key, size);
        }
        finally
        {
            if (buffered is not null)
            {
                await buffered.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One PUT of the object, its body streamed from <paramref name="body"/> with a known Content-Length, to a URL the
    /// SDK presigns (SigV4, unsigned payload). The SDK's own PutObject reads the body into arrays of up to 5 MiB (one
    /// per part, then a second copy when it reads the request back), which under 20 concurrent 15 MB uploads held
    /// hundreds of MB of large-object heap; this holds one 80 KB copy buffer per upload.
    /// </summary>
    private async Task UploadAsync(string key, Stream body, long size, string contentType, CancellationToken cancellationToken)
    {
        var url = await _client.PresignedPutObjectAsync(
            new PresignedPutObjectArgs().WithBucket(_bucket).WithObject(key).WithExpiry(SignedUrlSeconds)).ConfigureAwait(false);
        using var content = new BorrowedStreamContent(body, size);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url)) { Content = content };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var response = await _client.Config.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = $"S3 answered {(int)response.StatusCode} to the PUT of '{key}': {(answer.Length > 500 ? answer[..500] : answer)}";
        throw IsTransientStatus(response.StatusCode)
            ? new HttpRequestException(message, null, response.StatusCode)
            : new InvalidOperationException(message);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidKey(key);
        return await RunAsync("get", key, ct => ReadAsync(_bucket, key, long.MaxValue, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream?> OpenClientObjectAsync(S3ObjectPath path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return await RunAsync("get", path.ToString(), ct => ReadAsync(path.Bucket, path.Key, maxBytes + 1, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The object's first <paramref name="limit"/> bytes (all of it, when smaller), or null when it or its bucket does
    /// not exist: one GET of a URL signed here, the body buffered as it arrives (an error answer never reaches the buffer).
    /// </summary>
    private async Task<Stream?> ReadAsync(string bucket, string key, long limit, CancellationToken cancellationToken)
    {
        var url = await _client.PresignedGetObjectAsync(
            new PresignedGetObjectArgs().WithBucket(bucket).WithObject(key).WithExpiry(SignedUrlSeconds)).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Absolute));
        using var response = await _client.Config.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // NoSuchKey or NoSuchBucket
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"S3 answered {(int)response.StatusCode} {response.ReasonPhrase} to the GET of '{key}' in bucket '{bucket}'.", null, response.StatusCode);
        }

        // The length the answer states sizes the buffer (a larger object goes to a temporary file as before).
        var buffer = SpillBuffer.Create(Math.Min(response.Content.Headers.ContentLength ?? 0, limit));
        try
        {
            var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await CopyAtMostAsync(body, buffer, limit, timeout.Token).ConfigureAwait(false);
            }

            buffer.Position = 0;
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Copies up to <paramref name="limit"/> bytes; the rest of the response is dropped with the connection.</summary>
    private static async Task CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        var copied = 0L;
        int read;
        while (copied < limit && (read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - copied)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            copied += read;
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidKey(key);
        return RunAsync("stat", key, async ct =>
        {
            try
            {
                await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key), ct).ConfigureAwait(false);
                return true;
            }
            catch (ObjectNotFoundException)
            {
                return false;
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidPrefix(prefix);
        return RunAsync<IReadOnlyList<string>>("list", prefix, async ct => await ListKeysAsync(prefix, ct).ConfigureAwait(false), cancellationToken);
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidPrefix(prefix);
        var deleted = await RunAsync("delete", prefix, async ct =>
        {
            // One DELETE per object: a run holds a handful of artifacts, and multi-object delete
            // (POST ?delete) is missing or broken on some S3-compatible servers (s3rver answers 500).
            var keys = await ListKeysAsync(prefix, ct).ConfigureAwait(false);
            foreach (var key in keys)
            {
                await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(key), ct).ConfigureAwait(false);
            }

            return keys.Count;
        }, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, prefix, deleted);
        return deleted;
    }

    public Task<Uri?> GetDownloadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArtifactKeys.EnsureValidKey(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, MaxUrlLifetime);
        return RunAsync<Uri?>("presign", key, async _ =>
        {
            var url = await _client.PresignedGetObjectAsync(
                new PresignedGetObjectArgs().WithBucket(_bucket).WithObject(key).WithExpiry((int)Math.Ceiling(lifetime.TotalSeconds)))
                .ConfigureAwait(false);
            return new Uri(url);
        }, cancellationToken);
    }

    /// <summary>Asks the service for the bucket (creating it when missing): proves reachability and credentials.</summary>
    public async Task CheckAvailableAsync(CancellationToken cancellationToken)
    {
        _bucketReady = false;
        await RunAsync("check", _bucket, _ => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _client.Dispose();
        _bucketGate.Dispose();
    }

    private async Task<List<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var args = new ListObjectsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true);
        await foreach (var item in _client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
        {
            if (!item.IsDir)
            {
                keys.Add(item.Key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Runs one operation after making sure the bucket exists, turning temporary failures into <see cref="TransientStorageException"/>.</summary>
    private async Task<T> RunAsync<T>(string operation, string target, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
            return await action(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not TransientStorageException && IsTransient(ex, cancellationToken))
        {
            LogTransientFailure(logger, ex, operation, _bucket, target);
            throw new TransientStorageException(
                $"S3 {operation} of '{target}' in bucket '{_bucket}' at {options.Endpoint} failed temporarily: {ex.Message}", ex);
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }

        await _bucketGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_bucketReady)
            {
                return;
            }

            if (!await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket).WithLocation(options.Region), cancellationToken)
                        .ConfigureAwait(false);
                    LogBucketCreated(logger, _bucket);
                }
                catch (MinioException ex) when (ex.Response?.Code is "BucketAlreadyOwnedByYou")
                {
                    // Another instance created it first.
                }
            }

            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    /// <summary>Network errors, timeouts, throttling and 5xx answers are worth retrying; nothing else is.</summary>
    internal static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // the SDK's own timeout
        HttpRequestException { StatusCode: { } status } => IsTransientStatus(status), // an answer, e.g. to a signed GET
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        ConnectionException or InternalServerException or UnexpectedShortReadException => true,
        MinioException { ServerResponse: { } response } when IsTransientStatus(response.StatusCode) => true,
        MinioException { Response.Code: "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" } => true,
        _ => exception.InnerException is { } inner && IsTransient(inner, cancellationToken),
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status == 0;

    /// <summary>The SDK's client, on an HTTP client of its own (disposed with it) that the signed reads and uploads share.</summary>
    private static IMinioClient CreateClient(ArtifactStoreOptions options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Endpoint ?? throw new ArgumentException("An endpoint is required.", nameof(options));
        return new MinioClient()
            .WithHttpClient(
                handler is null
                    ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                    : new HttpClient(handler, disposeHandler: false),
                disposeHttpClient: true)
            .WithEndpoint(endpoint.Host, endpoint.Port)
            .WithSSL(options.UseSsl)
            .WithCredentials(options.AccessKey, options.SecretKey)
            .WithRegion(options.Region)
            .WithTimeout((int)options.RequestTimeout.TotalMilliseconds)
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored artifact {Key} ({Bytes} bytes) in S3")]
    private static partial void LogStored(ILogger logger, string key, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} artifacts under {Prefix} in S3")]
    private static partial void LogDeleted(ILogger logger, string prefix, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created S3 bucket {Bucket}")]
    private static partial void LogBucketCreated(ILogger logger, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 {Operation} failed temporarily (bucket {Bucket}, {Target})")]
    private static partial void LogTransientFailure(ILogger logger, Exception exception, string operation, string bucket, string target);
}

/// <summary>
/// A request body read from a stream the caller owns (it is neither disposed nor rewound here): <paramref name="size"/>
/// bytes from its position, sent with that Content-Length.
/// </summary>
internal sealed class BorrowedStreamContent(Stream body, long size) : HttpContent
{
    private readonly long _start = body.Position;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // A retried send (a redirect, a reset connection) starts again from the first byte.
        body.Position = _start;
        var buffer = new byte[81920];
        var left = size;
        while (left > 0)
        {
            var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The body ended {left} bytes before its declared length of {size}.");
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= read;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }
}
