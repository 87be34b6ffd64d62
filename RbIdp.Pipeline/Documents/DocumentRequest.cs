namespace RbIdp.Pipeline.Documents;

/// <summary>
/// The business fields of a request (DOMAIN.md §1), already validated: the one request type from the API's
/// submission (read and validated by the API's <c>SubmissionReader</c>) through the run row to the stages, the rule
/// checks and the LLM.
/// </summary>
public sealed record DocumentRequest(
    string Fio,
    DeferralReason Reason,
    DocumentType DocType,
    DateOnly ApplicationDate,
    string? RequestId = null);
