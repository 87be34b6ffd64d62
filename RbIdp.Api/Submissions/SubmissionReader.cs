using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RbIdp.Api.Apis;
using RbIdp.Api.Security;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Api.Submissions;

/// <summary>
/// Reads a submission from multipart form data (<c>file</c> + fields) or JSON (<c>s3_path</c> + fields) and
/// validates it into the one <see cref="DocumentRequest"/> the run, the stages and the checks use (the wire's raw
/// fields, <see cref="SubmissionBody"/>, go no further than here): 400 for missing or malformed fields, 422 for an unknown reason or document type, an
/// <c>application_date</c> after today (Moscow) or an <c>s3_path</c> outside the readable buckets, 403 for an
/// <c>s3_path</c> outside the caller's own objects (<see cref="ClientObjectScope"/>), 415 for another content type or
/// an uploaded file that is not a PDF, JPEG, PNG or TIFF.
/// </summary>
public sealed partial class SubmissionReader(DeferralPolicy policy, TimeProvider timeProvider, IOptions<SubmissionOptions> options)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxRequestIdLength = 200;

    public async Task<(Submission? Submission, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, bool allowCallback, CancellationToken cancellationToken)
    {
        SubmissionBody body;
        IFormFile? file = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            file = form.Files.GetFile("file");
            body = new SubmissionBody(form["fio"], form["reason"], form["doc_type"], form["s3_path"], form["application_date"], form["request_id"], form["callback_url"]);
        }
        else if (request.HasJsonContentType())
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, ApiJsonContext.Default.SubmissionBody, cancellationToken)
                    ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                return (null, Problems.Validation(new() { ["body"] = [$"The JSON body is malformed: {e.Message}"] }));
            }
        }
        else
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Unsupported content type", "Send multipart/form-data with a 'file' part, or application/json with an 's3_path'."));
        }

        var (submission, problem) = Validate(body, file, request.Headers[IdempotencyHeader].ToString(), allowCallback, request.HttpContext.User.ClientId());
        if (submission?.File is { } upload && await DetectFormatAsync(upload, cancellationToken) == DocumentFormat.Unknown)
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedFileType, "Unsupported file type",
                "The uploaded file is not a PDF, JPEG, PNG or TIFF (the type is read from its content, not its name)."));
        }

        return (submission, problem);
    }

    /// <summary>The upload's type by its magic bytes (<see cref="MagicBytes"/>, as intake decides it), from its first kilobyte.</summary>
    private static async Task<DocumentFormat> DetectFormatAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var head = new byte[MagicBytes.HeaderWindow];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return MagicBytes.Detect(head.AsSpan(0, read));
    }

    private (Submission?, ProblemHttpResult?) Validate(SubmissionBody body, IFormFile? file, string idempotencyHeader, bool allowCallback, string clientId)
    {
        var errors = new Dictionary<string, string[]>();
        var unknown = new Dictionary<string, string[]>();
        var future = new Dictionary<string, string[]>();

        var fio = FioNormalizer.Tidy(body.Fio);
        if (fio.Length == 0)
        {
            errors["fio"] = ["fio is required: the applicant's full name, e.g. 'Иванов Иван Петрович'."];
        }
        else if (fio.Length > 300 || !FioPattern().IsMatch(fio) || fio.Split(' ').Length is < 2 or > 5)
        {
            errors["fio"] = ["fio must be 'Фамилия Имя [Отчество]': 2–5 words of letters, hyphens or apostrophes, at most 300 characters."];
        }

        var reason = ParseEnum<DeferralReason>("reason", body.Reason, errors, unknown);
        var docType = ParseEnum<DocumentType>("doc_type", body.DocType, errors, unknown);

        var s3Path = string.IsNullOrWhiteSpace(body.S3Path) ? null : body.S3Path.Trim();
        if ((file is null) == (s3Path is null))
        {
            errors["file"] = ["Give exactly one of 'file' (an upload) or 's3_path' (s3://bucket/key)."];
        }
        else if (file is { Length: 0 })
        {
            errors["file"] = ["The uploaded file is empty."];
        }

        // Today where the bank works (Europe/Moscow): the default, and the latest date a request can have been made on.
        // A past date stays allowed: a backlog is processed late, and the answer states the date it used.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), policy.Zone).DateTime);
        var applicationDate = today;
        if (!string.IsNullOrWhiteSpace(body.ApplicationDate)
            && !DateOnly.TryParseExact(body.ApplicationDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out applicationDate))
        {
            errors["application_date"] = ["application_date must be a date as yyyy-MM-dd."];
        }
        else if (applicationDate > today)
        {
            future["application_date"] = [$"application_date {applicationDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd} in {policy.Zone.Id}): a deferment cannot have been requested yet."];
        }

        var requestId = string.IsNullOrWhiteSpace(body.RequestId) ? null : body.RequestId.Trim();
        var headerKey = string.IsNullOrWhiteSpace(idempotencyHeader) ? null : idempotencyHeader.Trim();
        if (requestId is not null && headerKey is not null && requestId != headerKey)
        {
            errors["request_id"] = ["request_id and the Idempotency-Key header differ."];
        }

        requestId ??= headerKey;
        if (requestId is { Length: > MaxRequestIdLength })
        {
            errors["request_id"] = [$"request_id is at most {MaxRequestIdLength} characters."];
        }
        else if (requestId is not null && requestId.Any(char.IsControl))
        {
            errors["request_id"] = ["request_id must not contain control characters."];
        }

        Uri? callback = null;
        if (!string.IsNullOrWhiteSpace(body.CallbackUrl))
        {
            if (!allowCallback)
            {
                errors["callback_url"] = ["callback_url is accepted on POST /v1/jobs only."];
            }
            else if (!Uri.TryCreate(body.CallbackUrl.Trim(), UriKind.Absolute, out callback) || callback.Scheme is not ("https" or "http"))
            {
                errors["callback_url"] = ["callback_url must be an absolute https URL."];
            }
        }

        if (errors.Count > 0)
        {
            return (null, Problems.Validation(errors));
        }

        if (unknown.Count > 0)
        {
            return (null, Problems.Validation(unknown, StatusCodes.Status422UnprocessableEntity, ProblemTypes.UnknownValue, "Unknown reason or document type"));
        }

        if (future.Count > 0)
        {
            return (null, Problems.Validation(future, StatusCodes.Status422UnprocessableEntity, ProblemTypes.Validation, "application_date is in the future"));
        }

        if (s3Path is not null)
        {
            // Decided here, before anything is stored or read: the object is named, never fetched, on a refusal.
            if (!S3ObjectPath.TryParse(s3Path, out var parsed) || !IsReadableBucket(parsed.Bucket, clientId))
            {
                return (null, Problems.Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.S3PathNotAllowed, "s3_path not allowed",
                    "s3_path must be s3://bucket/key with a bucket this service is allowed to read and a plain key (no '..', no control characters)."));
            }

            if (!options.Value.Permits(clientId, parsed))
            {
                return (null, Problems.Create(StatusCodes.Status403Forbidden, ProblemTypes.S3PathForbidden, "s3_path outside the client's objects",
                    $"This client may name keys under '{ClientObjectScope.OwnPrefix(clientId)}' of an allow-listed bucket, and the buckets and "
                    + "prefixes configured for it (Submissions:ClientObjects); another client's object cannot be read."));
            }
        }

        return (new Submission(new DocumentRequest(fio, reason, docType, applicationDate, requestId), file, s3Path, callback), null);
    }

    /// <summary>A bucket the service reads for anyone (allow-listed), or one configured for this client.</summary>
    private bool IsReadableBucket(string bucket, string clientId) =>
        options.Value.AllowedS3Buckets.Contains(bucket, StringComparer.Ordinal)
        || (options.Value.ClientObjects.GetValueOrDefault(clientId)?.Buckets.Contains(bucket, StringComparer.Ordinal) ?? false);

    private static TEnum ParseEnum<TEnum>(string field, string? value, Dictionary<string, string[]> errors, Dictionary<string, string[]> unknown)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required: one of {string.Join(", ", WireNames.All<TEnum>())}."];
            return default;
        }

        if (!WireNames.TryParse<TEnum>(value, out var parsed))
        {
            unknown[field] = [$"Unknown {field} '{value}': expected one of {string.Join(", ", WireNames.All<TEnum>())}."];
        }

        return parsed;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[\p{L}][\p{L}\-'’. ]*[\p{L}.]$")]
    private static partial System.Text.RegularExpressions.Regex FioPattern();
}
