using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RbIdp.Tests.Llm;

/// <summary>
/// A real OpenAI-compatible chat-completions server on https://127.0.0.1 (Kestrel, with a certificate from a test CA)
/// for the LLM tests. It records (and so counts) every request and answers with the replies the test queued, in
/// order; once they are used up, with <see cref="Default"/>.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    /// <summary>The longest a scripted hang holds a request open; every wait in the tests is bounded.</summary>
    public static readonly TimeSpan MaxHang = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeLlmReply> _replies = new();
    private readonly ConcurrentQueue<RecordedChatRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeLlmServer(WebApplication app) => _app = app;

    /// <summary>The base URL (https) to configure as <c>Llm:Endpoint</c>; the server answers on <c>{Endpoint}/chat/completions</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public FakeLlmReply Default { get; set; } = FakeLlmReply.Status(HttpStatusCode.InternalServerError);

    public IReadOnlyList<RecordedChatRequest> Requests => [.. _requests];

    /// <summary>Starts the server on HTTPS with a certificate issued by <paramref name="authority"/>.</summary>
    public static async Task<FakeLlmServer> StartAsync(TestCertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var certificate = authority.IssueServerCertificate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new FakeLlmServer(app);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(startup.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Queues the next replies, answered in this order.</summary>
    public void Enqueue(params FakeLlmReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        _requests.Enqueue(RecordedChatRequest.From(context.Request, raw, DateTimeOffset.UtcNow));
        var reply = _replies.TryDequeue(out var next) ? next : Default;
        if (reply.Decide is { } decide)
        {
            reply = decide(_requests.Last());
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await reply.WriteAsync(context.Response, aborted.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(shutdown.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One scripted answer of <see cref="FakeLlmServer"/>.</summary>
public sealed class FakeLlmReply
{
    private readonly Func<HttpResponse, CancellationToken, Task> _write;

    private FakeLlmReply(Func<HttpResponse, CancellationToken, Task> write) => _write = write;

    /// <summary>200 with a chat completion whose first choice's message content is <paramref name="content"/>.</summary>
    public static FakeLlmReply Answer(string content) => Body(HttpStatusCode.OK, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = PromptTokens + CompletionTokens },
    }.ToJsonString());

    /// <summary>The token counts every scripted answer reports.</summary>
    public const int PromptTokens = 321;

    public const int CompletionTokens = 45;

    /// <summary>Replies by reading the request, as a model would: <paramref name="decide"/> picks the reply.</summary>
    public static FakeLlmReply From(Func<RecordedChatRequest, FakeLlmReply> decide) => new((_, _) => Task.CompletedTask) { Decide = decide };

    internal Func<RecordedChatRequest, FakeLlmReply>? Decide { get; private init; }

    /// <summary>A chat completion whose content is the model's JSON answer built from <paramref name="answer"/>.</summary>
    public static FakeLlmReply Answer(JsonObject answer) => Answer(answer.ToJsonString());

    public static FakeLlmReply Body(HttpStatusCode status, string body, string contentType = "application/json") => new(async (response, ct) =>
    {
        response.StatusCode = (int)status;
        response.ContentType = contentType;
        await response.WriteAsync(body, ct);
    });

    public static FakeLlmReply Status(HttpStatusCode status, string? retryAfter = null) => new(async (response, ct) =>
    {
        response.StatusCode = (int)status;
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        await response.WriteAsync($$$"""{"error":{"message":"scripted {{{(int)status}}}"}}""", ct);
    });

    /// <summary>Holds the request open without answering until the client gives up (at most <see cref="FakeLlmServer.MaxHang"/>).</summary>
    public static FakeLlmReply Hang() => new(async (_, ct) =>
    {
        try
        {
            await Task.Delay(FakeLlmServer.MaxHang, ct);
        }
        catch (OperationCanceledException)
        {
            // the client went away, or the server is stopping
        }
    });

    internal Task WriteAsync(HttpResponse response, CancellationToken cancellationToken) => _write(response, cancellationToken);
}

/// <summary>What the client sent: the parts of an OpenAI chat-completions request the tests look at.</summary>
public sealed record RecordedChatRequest(
    string Path,
    string? Authorization,
    string? Model,
    IReadOnlyList<(string Role, string Content)> Messages,
    string? ResponseFormat,
    double? Temperature,
    JsonNode? JsonSchema,
    bool? Strict,
    string Body,
    DateTimeOffset ReceivedAt)
{
    public string SystemMessage => Messages.Single(m => m.Role == "system").Content;

    /// <summary>The first user message: the question with the document.</summary>
    public string UserMessage => Messages.First(m => m.Role == "user").Content;

    internal static RecordedChatRequest From(HttpRequest request, string raw, DateTimeOffset receivedAt)
    {
        var body = JsonNode.Parse(raw);
        var messages = body?["messages"]?.AsArray()
            .Select(m => (m!["role"]!.GetValue<string>(), m["content"]?.GetValue<string>() ?? ""))
            .ToList() ?? [];
        return new RecordedChatRequest(
            request.Path.Value ?? "",
            request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
            body?["model"]?.GetValue<string>(),
            messages,
            body?["response_format"]?["type"]?.GetValue<string>(),
            body?["temperature"]?.GetValueKind() == JsonValueKind.Number ? body["temperature"]!.GetValue<double>() : null,
            body?["response_format"]?["json_schema"]?["schema"]?.DeepClone(),
            body?["response_format"]?["json_schema"]?["strict"]?.GetValue<bool>(),
            raw,
            receivedAt);
    }
}
