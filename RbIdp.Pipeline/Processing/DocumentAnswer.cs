using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Processing;

/// <summary>The answer of DOMAIN.md §4, serialised as snake_case JSON; <c>llm_prompt_version</c> names the LLM prompt that was asked (null when skipped).</summary>
public sealed record DocumentAnswer(
    Guid RunId,
    string? RequestId,
    RunStatus Status,
    Verdict? Verdict,
    IReadOnlyList<CheckError> Errors,
    ExtractedData Extracted,
    string Llm,
    string? LlmPromptVersion,
    string PolicyVersion,
    IReadOnlyDictionary<string, long> TimingsMs,
    IReadOnlyDictionary<string, string> Artifacts);

/// <summary>What the checks read off the document.</summary>
public sealed record ExtractedData(
    DocumentType? DocType = null,
    DateOnly? IssueDate = null,
    string? Person = null,
    StampSummary? Stamp = null,
    double? OcrConfidence = null,
    int? Pages = null);

/// <summary>The stamp finding as the answer shows it; <c>found</c> is null when it cannot be known (greyscale page).</summary>
public sealed record StampSummary(bool? Found, double Score, int? Page = null, BoundingBox? Box = null);
