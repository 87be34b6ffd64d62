using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Verdicts;

/// <summary>The stable error codes of DOMAIN.md §3.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrorCode>))]
public enum ErrorCode
{
    [JsonStringEnumMemberName("REASON_DOC_MISMATCH")] ReasonDocMismatch,
    [JsonStringEnumMemberName("UNREADABLE_DOCUMENT")] UnreadableDocument,
    [JsonStringEnumMemberName("LOW_OCR_CONFIDENCE")] LowOcrConfidence,
    [JsonStringEnumMemberName("DOC_TYPE_MISMATCH")] DocTypeMismatch,
    [JsonStringEnumMemberName("DOC_TYPE_UNKNOWN")] DocTypeUnknown,
    [JsonStringEnumMemberName("FIO_MISMATCH")] FioMismatch,
    [JsonStringEnumMemberName("FIO_NOT_FOUND")] FioNotFound,
    [JsonStringEnumMemberName("DATE_MISSING")] DateMissing,
    [JsonStringEnumMemberName("DOCUMENT_EXPIRED")] DocumentExpired,
    [JsonStringEnumMemberName("DATE_IN_FUTURE")] DateInFuture,
    [JsonStringEnumMemberName("STAMP_MISSING")] StampMissing,
    [JsonStringEnumMemberName("CHECKS_DISAGREE")] ChecksDisagree,
}

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("reject")] Reject,
    [JsonStringEnumMemberName("review")] Review,
}

[JsonConverter(typeof(JsonStringEnumConverter<ErrorSource>))]
public enum ErrorSource
{
    [JsonStringEnumMemberName("intake")] Intake,
    [JsonStringEnumMemberName("ocr")] Ocr,
    [JsonStringEnumMemberName("rules")] Rules,
    [JsonStringEnumMemberName("llm")] Llm,
    [JsonStringEnumMemberName("stamp")] Stamp,
    [JsonStringEnumMemberName("merge")] Merge,
}

[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("manual_review")] ManualReview,
}
