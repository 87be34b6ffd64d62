using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// Asks the LLM (an <see cref="IChatClient"/>: OpenAI-compatible, cached, traced, logged, over a resilient HTTP client;
/// see <see cref="LlmServiceCollectionExtensions"/>) for the same checks as the rules. The OCR text is redacted, cut
/// and fenced as data; the answer must match <see cref="LlmAnswerSchema"/>; an answer that does not is sent back once
/// with the reason, and a second refusal is <c>failed</c>. Never throws for the service's faults: an unreachable, slow
/// or incoherent LLM gives <see cref="LlmCheck.Failed"/> and the verdict comes from the rules alone.
/// </summary>
internal sealed partial class LlmClient(IServiceProvider services, IOptions<LlmOptions> options, ILogger<LlmClient> logger)
{
    /// <summary>The key of the LLM's <see cref="IChatClient"/> in the container.</summary>
    public const string ChatClientKey = "rbidp-llm";

    /// <summary>The activity source and meter of the LLM's GenAI spans and token metrics.</summary>
    public const string TelemetrySourceName = "RbIdp.Llm";

    public async Task<LlmCheck> CheckAsync(string text, DocumentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return LlmCheck.Skipped;
        }

        // Resolved only when configured: without an endpoint there is no client to build.
        var chat = services.GetRequiredKeyedService<IChatClient>(ChatClientKey);
        var prompt = LlmPrompt.Current;
        var redacted = IdentifierRedaction.Apply(text, settings.Redact);
        var document = redacted.Text.Length > settings.MaxInputChars ? redacted.Text[..settings.MaxInputChars] : redacted.Text;
        var conversation = prompt.Question(LlmAnswerSchema.Text, request, document).ToList();
        var chatOptions = new ChatOptions
        {
            ModelId = settings.Model,
            Temperature = 0,
            ResponseFormat = LlmAnswerSchema.ResponseFormat(settings.StructuredOutput),
            AdditionalProperties = settings.StructuredOutput == LlmStructuredOutput.JsonSchema ? new() { ["strict"] = true } : null,
        };
        var answers = new List<LlmRawAnswer>();
        LlmExchange Exchange() => new(
            prompt.Version, settings.Model, settings.StructuredOutput == LlmStructuredOutput.JsonSchema ? "json_schema" : "json_object",
            redacted.Removed, [.. conversation.Select(m => new LlmMessage(m.Role.Value, m.Text))], [.. answers]);

        try
        {
            while (true)
            {
                var response = await chat.GetResponseAsync(conversation, chatOptions, cancellationToken);
                var content = response.Text;
                var (answer, refused) = LlmAnswerSchema.Read(content);
                answers.Add(new LlmRawAnswer(content, refused, response.ModelId, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount));
                if (answer is not null)
                {
                    if (answers.Count > 1)
                    {
                        LogLlmRepaired(logger);
                    }

                    return LlmCheck.Used(LlmFindings.From(answer), Exchange());
                }

                if (answers.Count > 1)
                {
                    return Fail($"The LLM's answer was refused twice, the second time because {refused}", Exchange());
                }

                conversation.Add(new ChatMessage(ChatRole.Assistant, content));
                conversation.Add(prompt.Repair(refused!));
            }
        }
        catch (ClientResultException e) when (e.Status > 0)
        {
            return Fail(string.Create(CultureInfo.InvariantCulture, $"HTTP {e.Status} from the LLM"), Exchange());
        }
        catch (Exception e) when (IsTimeout(e, cancellationToken))
        {
            return Fail(string.Create(CultureInfo.InvariantCulture, $"The LLM did not answer within {settings.TotalTimeout.TotalSeconds:0} s ({settings.Timeout.TotalSeconds:0} s an attempt)"), Exchange());
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or ExecutionRejectedException or JsonException or NotSupportedException)
        {
            return Fail($"{Cause(e).GetType().Name}: {Cause(e).Message}", Exchange());
        }
    }

    private static bool IsTimeout(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (e is OperationCanceledException or Polly.Timeout.TimeoutRejectedException || e.InnerException is Polly.Timeout.TimeoutRejectedException);

    /// <summary>The transport wraps what happened (a refused certificate, an open circuit) in a <see cref="ClientResultException"/>.</summary>
    private static Exception Cause(Exception e) => e is ClientResultException { InnerException: { } inner } ? inner : e;

    private LlmCheck Fail(string error, LlmExchange exchange)
    {
        LogLlmFailed(logger, error);
        return LlmCheck.Failed(error, exchange);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM check failed, the rules decide alone: {Error}")]
    private static partial void LogLlmFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The LLM's first answer was refused; its repaired answer is used")]
    private static partial void LogLlmRepaired(ILogger logger);
}
