using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Llm;

/// <summary>What the LLM says about the document (DOMAIN.md §5), already parsed and checked.</summary>
public sealed record LlmFindings(
    DocumentType? DocType,
    DateOnly? IssueDate,
    IReadOnlyList<LlmPerson> Persons,
    bool? ConsistentWithReason,
    string? Justification)
{
    /// <summary>The person the document is about, in the nominative, if the LLM named one.</summary>
    public LlmPerson? Subject => Persons.FirstOrDefault(p => p.Role == "subject");
}

/// <summary>A person named in the document: as written, in the nominative, and their role (subject, official, other).</summary>
public sealed record LlmPerson(string Text, string? Nominative, string Role);

/// <summary>The LLM's part in a run: <c>used</c> with findings, <c>skipped</c>, or <c>failed</c> with the reason.</summary>
public sealed record LlmCheck(string Outcome, LlmFindings? Findings, string? Error)
{
    public static readonly LlmCheck Skipped = new(Processing.LlmOutcome.Skipped, null, null);

    public static LlmCheck Used(LlmFindings findings) => new(Processing.LlmOutcome.Used, findings, null);

    public static LlmCheck Failed(string error) => new(Processing.LlmOutcome.Failed, null, error);
}
