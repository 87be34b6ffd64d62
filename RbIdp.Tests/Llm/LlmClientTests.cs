using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Processing;
using RbIdp.Tests.Checks;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Llm;

/// <summary>
/// <see cref="LlmClient"/> against a real local OpenAI-compatible server, wired the way the apps wire it
/// (configuration section <c>Llm</c> + <see cref="LlmServiceCollectionExtensions.AddLlmChecks"/>).
/// </summary>
public sealed class LlmClientTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-0123456789";
    private const string Model = "rbidp-test-model";
    private static readonly DocumentRequest Request = new("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 20));

    /// <summary>A generous outer bound so that no test can wait forever, far above any timeout under test.</summary>
    private readonly CancellationTokenSource _bound = new(TimeSpan.FromSeconds(60));
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _bound.Dispose();
    }

    [Fact]
    public async Task Good_answer_is_used_with_the_parsed_findings()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        await using var services = LlmServices(Settings(_server.Endpoint));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Used, check.Outcome);
        Assert.Null(check.Error);
        var findings = Assert.IsType<LlmFindings>(check.Findings);
        Assert.Equal(DocumentType.SickLeave, findings.DocType);
        Assert.Equal(new DateOnly(2026, 11, 10), findings.IssueDate);
        Assert.Equal(2, findings.Persons.Count);
        Assert.Equal(new LlmPerson("ИВАНОВ ИВАН ПЕТРОВИЧ", "Иванов Иван Петрович", "subject"), findings.Subject);
        Assert.Equal("official", findings.Persons[1].Role);
        Assert.True(findings.ConsistentWithReason);
        Assert.Contains("листок нетрудоспособности", findings.Justification, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_names_the_model_carries_the_bearer_key_and_asks_for_a_json_object()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        await using var services = LlmServices(Settings(_server.Endpoint));

        await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        var sent = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal(Model, sent.Model);
        Assert.Equal($"Bearer {ApiKey}", sent.Authorization);
        Assert.Equal("json_object", sent.ResponseFormat);
        Assert.Equal(0, sent.Temperature);
        Assert.Equal(["system", "user"], sent.Messages.Select(m => m.Role));
        Assert.Contains("\"doc_type\"", sent.SystemMessage, StringComparison.Ordinal);
        Assert.Contains("\"persons\"", sent.SystemMessage, StringComparison.Ordinal);
        Assert.Contains("Declared reason: illness", sent.UserMessage, StringComparison.Ordinal);
        Assert.Contains("Declared document type: sick_leave", sent.UserMessage, StringComparison.Ordinal);
        Assert.EndsWith(RussianDocumentTexts.SickLeave, sent.UserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_without_an_api_key_sends_no_authorization_header()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        var settings = Settings(_server.Endpoint);
        settings.Remove("Llm:ApiKey");
        await using var services = LlmServices(settings);

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Used, check.Outcome);
        Assert.Null(Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task Ocr_text_longer_than_MaxInputChars_is_cut_before_it_is_sent()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        var settings = Settings(_server.Endpoint);
        settings["Llm:MaxInputChars"] = "1000";
        await using var services = LlmServices(settings);
        var text = RussianDocumentTexts.SickLeave + new string('ж', 1500) + "ХВОСТ";

        await Client(services).CheckAsync(text, Request, Bounded());

        var user = Assert.Single(_server.Requests).UserMessage;
        Assert.EndsWith(text[..1000], user, StringComparison.Ordinal);
        Assert.DoesNotContain(text[..1001], user, StringComparison.Ordinal);
        Assert.DoesNotContain("ХВОСТ", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_wrapped_in_a_json_code_fence_is_used()
    {
        _server.Enqueue(FakeLlmReply.Answer($"```json\n{LlmAnswers.SickLeave().ToJsonString()}\n```"));
        await using var services = LlmServices(Settings(_server.Endpoint));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Used, check.Outcome);
        Assert.Equal(DocumentType.SickLeave, check.Findings!.DocType);
        Assert.Equal("Иванов Иван Петрович", check.Findings.Subject?.Nominative);
    }

    [Fact]
    public async Task Null_doc_type_and_date_are_read_as_not_found_rather_than_a_failure()
    {
        var answer = LlmAnswers.SickLeave();
        answer["doc_type"] = null;
        answer["issue_date"] = null;
        _server.Enqueue(FakeLlmReply.Answer(answer));
        await using var services = LlmServices(Settings(_server.Endpoint));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Used, check.Outcome);
        Assert.Null(check.Findings!.DocType);
        Assert.Null(check.Findings.IssueDate);
    }

    [Theory]
    [InlineData("""{"doc_type": "sick_leave", "issue_date": "2026-11-10", "persons": [}""", "malformed")]
    [InlineData("""{"doc_type": "sick_leave", "issue_date": "2026-11-10", "persons": [""", "no JSON object")]
    [InlineData("""{"doc_type": "passport", "issue_date": "2026-11-10", "persons": []}""", "unknown document type 'passport'")]
    [InlineData("""{"doc_type": "sick_leave", "issue_date": "10.11.2026", "persons": []}""", "not YYYY-MM-DD: '10.11.2026'")]
    [InlineData("""{"doc_type": "sick_leave", "issue_date": "2026-02-30", "persons": []}""", "not YYYY-MM-DD: '2026-02-30'")]
    [InlineData("""{"doc_type": 7, "persons": []}""", "malformed")]
    [InlineData("I cannot read this document.", "no JSON object")]
    [InlineData("", "no JSON object")]
    public async Task Answer_outside_the_contract_is_reported_failed_and_the_rules_decide(string content, string reason)
    {
        _server.Enqueue(FakeLlmReply.Answer(content));
        await using var services = LlmServices(Settings(_server.Endpoint));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Failed, check.Outcome);
        Assert.Null(check.Findings);
        Assert.Contains(reason, check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json", "application/json")]
    [InlineData("""{"choices": []}""", "application/json")]
    [InlineData("""{"choices": [{"message": {"role": "assistant", "content": null}}]}""", "application/json")]
    [InlineData("<html>Bad gateway</html>", "text/html")]
    [InlineData("""{"choices": []}""", "application/json; charset=klingon")]
    public async Task Completion_that_is_not_a_usable_chat_response_is_reported_failed(string body, string contentType)
    {
        _server.Enqueue(FakeLlmReply.Body(HttpStatusCode.OK, body, contentType));
        await using var services = LlmServices(Settings(_server.Endpoint));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Failed, check.Outcome);
        Assert.Null(check.Findings);
        Assert.False(string.IsNullOrWhiteSpace(check.Error));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task Llm_answering_an_http_error_is_reported_failed_and_the_rules_decide(HttpStatusCode status)
    {
        _server.Enqueue(FakeLlmReply.Status(status, retryAfter: status == HttpStatusCode.TooManyRequests ? "1" : null));
        await using var services = LlmServices(Settings(_server.Endpoint));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Failed, check.Outcome);
        Assert.Null(check.Findings);
        Assert.Contains($"HTTP {(int)status}", check.Error, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Llm_that_times_out_is_reported_failed_within_about_its_timeout()
    {
        _server.Default = FakeLlmReply.Hang();
        var settings = Settings(_server.Endpoint);
        settings["Llm:Timeout"] = "00:00:01";
        await using var services = LlmServices(settings);

        var stopwatch = Stopwatch.StartNew();
        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());
        stopwatch.Stop();

        Assert.Equal(LlmOutcome.Failed, check.Outcome);
        Assert.Contains("did not answer within 1 s", check.Error, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_mistaken_for_an_llm_failure()
    {
        _server.Default = FakeLlmReply.Hang();
        await using var services = LlmServices(Settings(_server.Endpoint));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, caller.Token));
    }

    [Fact]
    public async Task Llm_that_refuses_the_connection_is_reported_failed()
    {
        var nothingListens = new Uri($"http://127.0.0.1:{LocalServer.FreePort()}/v1");
        await using var services = LlmServices(Settings(nothingListens));

        var stopwatch = Stopwatch.StartNew();
        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Failed, check.Outcome);
        Assert.Contains(nameof(HttpRequestException), check.Error, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Llm_without_an_endpoint_is_skipped_without_any_request(string? endpoint)
    {
        var settings = Settings(_server.Endpoint);
        settings["Llm:Endpoint"] = endpoint;
        var sent = new RequestCounter();
        await using var services = LlmServices(settings, s => s.ConfigureHttpClientDefaults(h => h.AddHttpMessageHandler(() => new CountingHandler(sent))));

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Same(LlmCheck.Skipped, check);
        Assert.Equal(LlmOutcome.Skipped, check.Outcome);
        Assert.Equal(0, sent.Count);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Counting_handler_sees_the_requests_of_a_configured_client()
    {
        // The seam the skipped test relies on: if this fails, "no request" above proves nothing.
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        var sent = new RequestCounter();
        await using var services = LlmServices(Settings(_server.Endpoint), s => s.ConfigureHttpClientDefaults(h => h.AddHttpMessageHandler(() => new CountingHandler(sent))));

        await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(1, sent.Count);
    }

    [Fact]
    public async Task Transient_503_is_retried_by_the_standard_resilience_handler_and_the_llm_is_used()
    {
        _server.Enqueue(FakeLlmReply.Status(HttpStatusCode.ServiceUnavailable), FakeLlmReply.Answer(LlmAnswers.SickLeave()));
        await using var services = LlmServices(Settings(_server.Endpoint), WithServiceDefaultsResilience);

        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());

        Assert.Equal(LlmOutcome.Used, check.Outcome);
        Assert.Equal(DocumentType.SickLeave, check.Findings!.DocType);
        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal($"Bearer {ApiKey}", r.Authorization));
    }

    [Fact]
    public async Task Standard_resilience_handler_does_not_stretch_a_hang_past_the_llm_timeout()
    {
        _server.Default = FakeLlmReply.Hang();
        var settings = Settings(_server.Endpoint);
        settings["Llm:Timeout"] = "00:00:02";
        await using var services = LlmServices(settings, WithServiceDefaultsResilience);

        var stopwatch = Stopwatch.StartNew();
        var check = await Client(services).CheckAsync(RussianDocumentTexts.SickLeave, Request, Bounded());
        stopwatch.Stop();

        Assert.Equal(LlmOutcome.Failed, check.Outcome);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData("Llm:Endpoint", "llm.internal/v1")]
    [InlineData("Llm:Endpoint", "ftp://llm.internal/v1")]
    [InlineData("Llm:Timeout", "00:00:00.100")]
    [InlineData("Llm:MaxInputChars", "10")]
    [InlineData("Llm:Model", "")]
    public async Task Bad_llm_settings_are_refused_when_the_options_are_first_read(string key, string value)
    {
        var settings = Settings(_server.Endpoint);
        settings[key] = value;
        await using var services = LlmServices(settings);

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains(key.Split(':')[1], string.Join(" ", refused.Failures), StringComparison.Ordinal);
    }

    private static void WithServiceDefaultsResilience(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

    private static Dictionary<string, string?> Settings(Uri endpoint) => new()
    {
        ["Llm:Endpoint"] = endpoint.ToString(),
        ["Llm:ApiKey"] = ApiKey,
        ["Llm:Model"] = Model,
        ["Llm:Timeout"] = TimeSpan.FromSeconds(10).ToString("c", CultureInfo.InvariantCulture),
    };

    private static ServiceProvider LlmServices(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        configure?.Invoke(services);
        services.AddLlmChecks();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private static LlmClient Client(IServiceProvider services) => services.GetRequiredService<LlmClient>();

    private CancellationToken Bounded() => _bound.Token;

    private sealed class RequestCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
