using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Runs.Hosting;
using RbIdp.Tests.Checks;
using RbIdp.Tests.Infrastructure;
using StackExchange.Redis;

namespace RbIdp.Tests.Llm;

/// <summary>
/// The LLM's answers in a real Redis, registered as the services register it (<see cref="RunsBackendExtensions.AddRedisDistributedCache"/>
/// on the shared connection): the same question is answered once; the local server counts the calls it gets.
/// </summary>
[Collection(UsesRedis.Name)]
public sealed class LlmAnswerCacheTests(RedisServer redis) : IAsyncLifetime
{
    private static readonly DocumentRequest Request = new("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 20));

    private readonly CancellationTokenSource _bound = new(TimeSpan.FromSeconds(90));
    private readonly TestCertificateAuthority _ca = new("RB IDP test CA");

    /// <summary>Each test asks about its own document, so that answers cached by another test (or run) cannot serve it.</summary>
    private readonly string _document = RussianDocumentTexts.SickLeave + "\nОтметка " + Guid.NewGuid().ToString("N");
    private FakeLlmServer _server = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync(_ca);
        _connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
        _ca.Dispose();
        _bound.Dispose();
    }

    [Fact]
    public async Task Second_identical_document_is_answered_from_redis_without_a_call_to_the_llm()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()));

        var (first, second) = await CheckTwiceAsync();

        Assert.Equal(LlmOutcome.Used, first.Outcome);
        Assert.Equal(LlmOutcome.Used, second.Outcome);
        Assert.Equivalent(first.Findings, second.Findings, strict: true);
        Assert.Single(_server.Requests);
        var keys = CacheKeys();
        Assert.Contains(keys, k => k.StartsWith("rbidp:cache:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cached_answer_survives_a_new_process_but_not_a_change_of_model()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()), FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        await using (var before = CachedServices(Settings()))
        {
            await before.GetRequiredService<LlmClient>().CheckAsync(_document, Request, _bound.Token);
        }

        await using (var restarted = CachedServices(Settings()))
        {
            var again = await restarted.GetRequiredService<LlmClient>().CheckAsync(_document, Request, _bound.Token);
            Assert.Equal(LlmOutcome.Used, again.Outcome);
        }

        Assert.Single(_server.Requests);
        var otherModel = Settings();
        otherModel["Llm:Model"] = "rbidp-other-model";
        await using var changed = CachedServices(otherModel);

        await changed.GetRequiredService<LlmClient>().CheckAsync(_document, Request, _bound.Token);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("rbidp-other-model", _server.Requests[1].Model);
    }

    [Fact]
    public async Task Refused_answer_is_not_kept_so_the_same_document_asks_again()
    {
        _server.Enqueue(FakeLlmReply.Answer("not json"), FakeLlmReply.Answer("still not json"), FakeLlmReply.Answer(LlmAnswers.SickLeave()));

        var (failed, retried) = await CheckTwiceAsync();

        Assert.Equal(LlmOutcome.Failed, failed.Outcome);
        Assert.Equal(LlmOutcome.Used, retried.Outcome);
        Assert.Equal(3, _server.Requests.Count);
    }

    /// <summary>The same document checked twice by one process.</summary>
    private async Task<(LlmCheck First, LlmCheck Second)> CheckTwiceAsync()
    {
        await using var services = CachedServices(Settings());
        var client = services.GetRequiredService<LlmClient>();
        var first = await client.CheckAsync(_document, Request, _bound.Token);
        return (first, await client.CheckAsync(_document, Request, _bound.Token));
    }

    private List<string> CacheKeys() =>
        [.. _connection.GetServer(_connection.GetEndPoints()[0]).Keys(pattern: "rbidp:cache:*").Select(k => k.ToString())];

    private Dictionary<string, string?> Settings() => new()
    {
        ["Llm:Endpoint"] = _server.Endpoint.ToString(),
        ["Llm:Model"] = "rbidp-cached-model",
        ["Llm:CaBundlePath"] = _ca.BundlePath,
        ["Llm:Timeout"] = TimeSpan.FromSeconds(10).ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>One process's services: its own Redis connection (the container owns it), the cache on it, the LLM client.</summary>
    private ServiceProvider CachedServices(Dictionary<string, string?> settings) => LlmClientTests.LlmServices(settings, services => services
        .AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.ConnectionString))
        .AddRedisDistributedCache());
}
