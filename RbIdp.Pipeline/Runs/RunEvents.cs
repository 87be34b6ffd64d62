using System.Text.Json;
using System.Text.Json.Serialization;
using RbIdp.Pipeline.Processing;
using StackExchange.Redis;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// The one message the hosts exchange about a run in progress: the worker (and the API's synchronous path) publish it,
/// the API's event stream reads it. A progress event has the stage and percent; the final one says the run has ended
/// (its <see cref="Status"/> when the publisher knows it; the stream reads the run row for the rest).
/// </summary>
public sealed record RunEvent(Guid RunId, RunStatus? Status, string? Stage = null, int? Progress = null)
{
    /// <summary>True on the last event of a run; absent from the JSON of a progress event.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Final { get; init; }

    public static RunEvent Running(Guid runId, string stage, int percent) => new(runId, RunStatus.Running, stage, percent);

    public static RunEvent Ended(Guid runId, RunProcessingResult result) => new(runId, result switch
    {
        RunProcessingResult.Succeeded => RunStatus.Succeeded,
        RunProcessingResult.Failed => RunStatus.Failed,
        RunProcessingResult.Canceled => RunStatus.Canceled,
        _ => null,
    })
    {
        Final = true,
    };
}

/// <summary>Run events on Redis pub/sub, one channel per run, as snake_case JSON (<see cref="RunsJsonContext"/>).</summary>
public sealed class RunEvents(IConnectionMultiplexer redis)
{
    private const string ChannelPrefix = "rbidp:runs:events:";

    public static RedisChannel ChannelOf(Guid runId) => RedisChannel.Literal(ChannelPrefix + runId.ToString("D"));

    public static string Serialize(RunEvent runEvent) => JsonSerializer.Serialize(runEvent, RunsJsonContext.Default.RunEvent);

    /// <summary>The event in a message, or null when the message is not one (another publisher, a damaged message).</summary>
    public static RunEvent? Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize(message, RunsJsonContext.Default.RunEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Task PublishAsync(RunEvent runEvent) => redis.GetSubscriber().PublishAsync(ChannelOf(runEvent.RunId), Serialize(runEvent));

    /// <summary>Hands every event of the run to <paramref name="onEvent"/> until the returned subscription is disposed.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(Guid runId, Action<RunEvent> onEvent)
    {
        var subscriber = redis.GetSubscriber();
        var channel = ChannelOf(runId);
        await subscriber.SubscribeAsync(channel, (_, message) =>
        {
            if (Parse(message.ToString()) is { } runEvent)
            {
                onEvent(runEvent);
            }
        });
        return new Subscription(subscriber, channel);
    }

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await subscriber.UnsubscribeAsync(channel);
    }
}

/// <summary>Source-generated JSON of what the run machinery sends between hosts: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunEvent))]
internal sealed partial class RunsJsonContext : JsonSerializerContext;
