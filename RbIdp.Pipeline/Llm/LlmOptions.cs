using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// Section <c>Llm</c>: an OpenAI-compatible chat-completions service (OpenAI, Azure OpenAI's v1 endpoint, vLLM,
/// Ollama, an internal gateway). Without an endpoint the LLM is <c>skipped</c> and verdicts come from the rules alone.
/// </summary>
internal sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>The connection string the AppHost passes (<c>ConnectionStrings:llm</c>); its values win over the section's.</summary>
    public const string ConnectionName = "llm";

    /// <summary>Base URL, e.g. <c>https://llm.internal/v1</c>; the client posts to <c>{Endpoint}/chat/completions</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>; from configuration or a secret store, never the repository.</summary>
    public string? ApiKey { get; set; }

    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>How long one attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one question may take with its retries (a repair is a second question).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries of one question after a 429, a 5xx, a timeout or a broken connection (with jitter, after <c>Retry-After</c> when sent).</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Questions in flight at once from this process; more wait in a queue of the same length.</summary>
    [Range(1, 256)]
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>The circuit opens when half the calls of the last two minutes failed, counted from this many calls on.</summary>
    [Range(2, 1000)]
    public int CircuitBreakerMinimumCalls { get; set; } = 10;

    /// <summary>How long an open circuit refuses calls before it tries one again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="LlmStructuredOutput.JsonSchema"/> (default) sends the answer's JSON schema as a strict
    /// <c>json_schema</c> response format; <see cref="LlmStructuredOutput.JsonObject"/> asks for <c>json_object</c>
    /// for servers without schema support. Either way the answer is validated against the schema.
    /// </summary>
    public LlmStructuredOutput StructuredOutput { get; set; } = LlmStructuredOutput.JsonSchema;

    /// <summary>
    /// A PEM file of CA certificates for a private PKI: when set, the server's certificate must chain to one of
    /// them (instead of the system's roots). TLS verification itself is never switched off.
    /// </summary>
    public string? CaBundlePath { get; set; }

    /// <summary>Identifiers removed from the OCR text before it is sent (<c>None</c> to send it as read).</summary>
    public RedactedIdentifiers Redact { get; set; } = RedactedIdentifiers.All;

    /// <summary>OCR text beyond this many characters is cut before it is sent.</summary>
    [Range(1000, 200_000)]
    public int MaxInputChars { get; set; } = 12_000;

    /// <summary>Whether answers are kept in the distributed cache (Redis in the services) for identical questions.</summary>
    public bool CacheAnswers { get; set; } = true;

    /// <summary>How long a cached answer is kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromDays(30);

    public bool IsConfigured => Endpoint is not null;

    /// <summary>Takes <c>Endpoint</c>, <c>Key</c> and <c>Model</c> from a connection string such as <c>Endpoint=https://llm.internal/v1;Key=…;Model=…</c>.</summary>
    public void ApplyConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (parts.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri))
        {
            Endpoint = uri;
        }

        if (parts.TryGetValue("Key", out var key) && key?.ToString() is { Length: > 0 } apiKey)
        {
            ApiKey = apiKey;
        }

        if (parts.TryGetValue("Model", out var model) && model?.ToString() is { Length: > 0 } name)
        {
            Model = name;
        }
    }
}

/// <summary>How the answer's shape is asked for.</summary>
internal enum LlmStructuredOutput
{
    /// <summary><c>response_format: json_schema</c> with <c>strict: true</c>.</summary>
    JsonSchema,

    /// <summary><c>response_format: json_object</c>; the schema travels in the prompt only.</summary>
    JsonObject,
}

/// <summary>Validates <see cref="LlmOptions"/> at start (source-generated from the data annotations).</summary>
[OptionsValidator]
internal sealed partial class LlmOptionsValidator : IValidateOptions<LlmOptions>;
