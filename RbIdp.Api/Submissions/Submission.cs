using RbIdp.Pipeline.Documents;

namespace RbIdp.Api.Submissions;

/// <summary>A validated submission: the <see cref="DocumentRequest"/>, either an uploaded file or an s3:// path, and the callback.</summary>
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
