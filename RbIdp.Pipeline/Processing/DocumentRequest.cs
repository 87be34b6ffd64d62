using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Processing;

/// <summary>The business fields of a request (DOMAIN.md §1), already validated.</summary>
public sealed record DocumentRequest(
    string Fio,
    DeferralReason Reason,
    DocumentType DocType,
    DateOnly ApplicationDate,
    string? RequestId = null);
