using RbIdp.Pipeline.Documents;

namespace RbIdp.Api.Submissions;

/// <summary>A validated request to check a document: the fields plus either an uploaded file or an s3:// path.</summary>
public sealed record Submission(DocumentRequest Request, IFormFile? File, string? S3Path, Uri? CallbackUrl);

/// <summary>The JSON body of a request that names an s3:// object instead of uploading one.</summary>
public sealed record SubmissionBody(
    string? Fio,
    string? Reason,
    string? DocType,
    string? S3Path,
    string? ApplicationDate,
    string? RequestId,
    string? CallbackUrl);
