using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using StackExchange.Redis;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Section <c>DuplicateWork</c>: how long a finished answer (<c>rbidp:result:…</c>) and a document's OCR text
/// (<c>rbidp:ocr:&lt;sha256&gt;</c>) are kept in Redis for identical input.
/// </summary>
public sealed class DuplicateWorkOptions
{
    public const string SectionName = "DuplicateWork";

    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan OcrTtl { get; set; } = TimeSpan.FromHours(24);
}

[OptionsValidator]
internal sealed partial class DuplicateWorkOptionsValidator : IValidateOptions<DuplicateWorkOptions>;

/// <summary>
/// Avoids doing the same work twice. The same file with the same fields under the same policy version gets the
/// earlier answer (a new run, its own run id and result artifact); the same file with other fields skips
/// Tesseract and reuses the OCR text. Redis is optional (the CLI has none) and never fails a run: when it is
/// missing or down, the work is simply done again.
/// </summary>
public sealed partial class DuplicateWorkCache(IServiceProvider services, IOptions<DuplicateWorkOptions> options, ILogger<DuplicateWorkCache> logger) : IOcrTextCache
{
    private const string OcrPrefix = "rbidp:ocr:";
    private const string ResultPrefix = "rbidp:result:";

    private readonly Lazy<IConnectionMultiplexer?> _redis = new(() => options.Value.Enabled ? services.GetService<IConnectionMultiplexer>() : null);

    /// <summary>
    /// The result key of a run: its client, the file's SHA-256, the normalised fields and the policy version — or
    /// null when the input is the client's own s3:// object, whose content may change under the same path.
    /// </summary>
    public static string? ResultKey(DocumentRun run, string policyVersion)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.InputReference.StartsWith("s3://", StringComparison.Ordinal))
        {
            return null;
        }

        var canonical = string.Join('\n',
            run.ClientId, run.InputSha256, FioNormalizer.Normalize(run.Fio), WireNames.Of(run.Reason), WireNames.Of(run.DocType),
            run.ApplicationDate.ToString("O", CultureInfo.InvariantCulture), policyVersion);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string OcrKey(ReadOnlySpan<byte> content) => OcrPrefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public Task<DocumentAnswer?> GetResultAsync(string resultKey, CancellationToken cancellationToken) =>
        ReadAsync(ResultPrefix + resultKey, PipelineJsonContext.Default.DocumentAnswer, cancellationToken);

    public Task SetResultAsync(string resultKey, DocumentAnswer answer, CancellationToken cancellationToken) =>
        WriteAsync(ResultPrefix + resultKey, answer, PipelineJsonContext.Default.DocumentAnswer, options.Value.ResultTtl, cancellationToken);

    public Task<OcrDocument?> GetAsync(string contentSha256, CancellationToken cancellationToken) =>
        ReadAsync(OcrPrefix + contentSha256, PipelineJsonContext.Default.OcrDocument, cancellationToken);

    public Task SetAsync(string contentSha256, OcrDocument text, CancellationToken cancellationToken) =>
        WriteAsync(OcrPrefix + contentSha256, text, PipelineJsonContext.Default.OcrDocument, options.Value.OcrTtl, cancellationToken);

    /// <summary>
    /// Forgets what the cache holds of a purged run's document: its answer and its OCR text (personal data). Call it
    /// before the run's fields are blanked (the answer's key is made from them). Unlike the reads and writes, a
    /// failure here is not swallowed: the purge must not report success while the data is still cached.
    /// </summary>
    public async Task ForgetAsync(DocumentRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_redis.Value is not { } redis)
        {
            return;
        }

        List<RedisKey> keys = [OcrPrefix + run.InputSha256];
        if (run.PolicyVersion is { } version && ResultKey(run, version) is { } resultKey)
        {
            keys.Add(ResultPrefix + resultKey);
        }

        await redis.GetDatabase().KeyDeleteAsync([.. keys]).WaitAsync(cancellationToken);
    }

    private async Task<T?> ReadAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (_redis.Value is not { } redis)
        {
            return null;
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken);
            ProductMetrics.CacheLookup(key.StartsWith(OcrPrefix, StringComparison.Ordinal) ? "ocr" : "result", hit: !value.IsNullOrEmpty);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])value!, typeInfo);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or JsonException)
        {
            LogCacheUnavailable(logger, key[..Math.Min(key.Length, 24)], e.Message);
            return null;
        }
    }

    private async Task WriteAsync<T>(string key, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_redis.Value is not { } redis)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), ttl).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogCacheUnavailable(logger, key[..Math.Min(key.Length, 24)], e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Duplicate-work cache unavailable for {Key}…: {Error}; doing the work again")]
    private static partial void LogCacheUnavailable(ILogger logger, string key, string error);
}
