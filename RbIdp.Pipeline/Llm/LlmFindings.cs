using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Llm;

/// <summary>What the LLM says about the document (DOMAIN.md §5), already validated against the answer's schema.</summary>
internal sealed record LlmFindings(
    DocumentType? DocType,
    DateOnly? IssueDate,
    IReadOnlyList<LlmPerson> Persons,
    bool? ConsistentWithReason,
    string? Justification)
{
    /// <summary>The person the document is about, in the nominative, if the LLM named one.</summary>
    public LlmPerson? Subject => Persons.FirstOrDefault(p => p.Role == "subject");

    public static LlmFindings From(LlmAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new LlmFindings(
            answer.DocType,
            answer.IssueDate,
            [.. answer.Persons
                .Where(p => !string.IsNullOrWhiteSpace(p.Text) || !string.IsNullOrWhiteSpace(p.Nominative))
                .Select(p => new LlmPerson(string.IsNullOrWhiteSpace(p.Text) ? p.Nominative! : p.Text, p.Nominative, WireNames.Of(p.Role)))],
            answer.ConsistentWithReason,
            answer.Justification);
    }
}

/// <summary>A person named in the document: as written, in the nominative, and their role (subject, official, other).</summary>
internal sealed record LlmPerson(string Text, string? Nominative, string Role);

/// <summary>How the LLM took part (DOMAIN.md §5): the answer's <c>llm</c>.</summary>
internal static class LlmOutcome
{
    public const string Used = "used";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}

/// <summary>
/// The LLM's part in a run: <c>used</c> with findings, <c>skipped</c>, or <c>failed</c> with the reason; with what was
/// asked and answered (<see cref="LlmExchange"/>), stored as <c>checks.llm.json</c>.
/// </summary>
internal sealed record LlmCheck(string Outcome, LlmFindings? Findings, string? Error, LlmExchange? Exchange = null)
{
    public static readonly LlmCheck Skipped = new(LlmOutcome.Skipped, null, null);

    public static LlmCheck Used(LlmFindings findings, LlmExchange? exchange = null) => new(LlmOutcome.Used, findings, null, exchange);

    public static LlmCheck Failed(string error, LlmExchange? exchange = null) => new(LlmOutcome.Failed, null, error, exchange);
}

/// <summary>
/// One conversation with the LLM: the prompt's version, the model and response format, how many identifiers of each
/// kind were redacted, the messages sent (the last request, with a repair when there was one) and every raw answer.
/// </summary>
internal sealed record LlmExchange(
    string PromptVersion,
    string Model,
    string ResponseFormat,
    IReadOnlyDictionary<string, int> Redacted,
    IReadOnlyList<LlmMessage> Request,
    IReadOnlyList<LlmRawAnswer> Answers);

/// <summary>A message sent to the LLM.</summary>
internal sealed record LlmMessage(string Role, string Text);

/// <summary>An answer as it came back, why it was refused (null when accepted) and what it cost.</summary>
internal sealed record LlmRawAnswer(string? Content, string? Refused, string? Model, long? InputTokens, long? OutputTokens);
