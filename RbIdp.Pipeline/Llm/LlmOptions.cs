using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// Section <c>Llm</c>: an OpenAI-compatible chat-completions service. Without an endpoint the LLM is
/// <c>skipped</c> and verdicts come from the rules alone.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>Base URL, e.g. <c>https://llm.internal/v1</c>; <c>/chat/completions</c> is appended.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c>; from configuration or a secret store, never the repository.</summary>
    public string? ApiKey { get; set; }

    [Required]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>How long one attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>OCR text beyond this many characters is cut before it is sent.</summary>
    [Range(1000, 200_000)]
    public int MaxInputChars { get; set; } = 12_000;

    public bool IsConfigured => Endpoint is not null;
}

/// <summary>Validates <see cref="LlmOptions"/> at start (source-generated from the data annotations).</summary>
[OptionsValidator]
public sealed partial class LlmOptionsValidator : IValidateOptions<LlmOptions>;
