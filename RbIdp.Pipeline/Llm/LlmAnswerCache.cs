using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// <see cref="DistributedCachingChatClient"/> for the LLM check: the key hashes the messages (the prompt and the
/// redacted OCR text), the options (model, response format and schema) and <see cref="DistributedCachingChatClient.CacheKeyAdditionalValues"/>
/// (the prompt's version and the model), so a re-run or a duplicate document does not pay twice. Unlike the base
/// client it keeps only answers that pass <see cref="LlmAnswerSchema"/> (a refused answer is asked again next time),
/// keeps them for <c>Llm:CacheTtl</c>, and never fails a check because the cache is down: the LLM is asked instead.
/// </summary>
internal sealed partial class LlmAnswerCache : DistributedCachingChatClient
{
    private readonly IDistributedCache _storage;
    private readonly TimeSpan _ttl;
    private readonly ILogger<LlmAnswerCache> _logger;

    public LlmAnswerCache(IChatClient innerClient, IDistributedCache storage, TimeSpan ttl, ILogger<LlmAnswerCache> logger)
        : base(innerClient, storage)
    {
        _storage = storage;
        _ttl = ttl;
        _logger = logger;
    }

    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await base.ReadCacheAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheUnavailable(_logger, e.GetType().Name, e.Message);
            return null;
        }
    }

    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (LlmAnswerSchema.Read(value.Text).Answer is null)
        {
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.GetTypeInfo(typeof(ChatResponse)));
        try
        {
            await _storage.SetAsync(key, json, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheUnavailable(_logger, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LLM answer cache is unavailable, the LLM is asked instead: {Error}: {Message}")]
    private static partial void LogCacheUnavailable(ILogger logger, string error, string message);
}
