using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RbIdp.Tests.Worker;

/// <summary>One POST the receiver got: the Standard Webhooks headers and the raw body.</summary>
public sealed record ReceivedWebhook(string Id, long Timestamp, string Signature, string Body, int AnsweredWith);

/// <summary>
/// A client's webhook endpoint: a tiny Kestrel app on 127.0.0.1 (a free port) that records every POST and
/// answers with the next scripted status (200 once the script is used up).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
        app.MapPost("/hooks/rbidp", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var status = _script.TryDequeue(out var scripted) ? scripted : StatusCodes.Status200OK;
            _ = long.TryParse(http.Request.Headers["webhook-timestamp"].ToString(), out var timestamp);
            _received.Enqueue(new ReceivedWebhook(
                http.Request.Headers["webhook-id"].ToString(), timestamp, http.Request.Headers["webhook-signature"].ToString(), body, status));
            return Results.StatusCode(status);
        });
    }

    public Uri CallbackUrl { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Starts a receiver that answers the given statuses in order, then 200.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build(), script);
        await receiver._app.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.CallbackUrl = new Uri(new Uri(address), "/hooks/rbidp");
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> POSTs arrived whose answer was a success.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForDeliveriesAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (_received.Count(r => r.AnsweredWith is >= 200 and < 300) < count)
        {
            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The receiver got {_received.Count} webhook(s), not {count} successful one(s), within {timeout.TotalSeconds:0} s.");
            }
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await _app.DisposeAsync();
    }
}
