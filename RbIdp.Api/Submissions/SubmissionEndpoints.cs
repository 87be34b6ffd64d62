using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using RbIdp.Api.Apis;
using RbIdp.Api.Infrastructure;

namespace RbIdp.Api.Submissions;

/// <summary>What every submitting endpoint shares: upload limits, the rate limit, the two request bodies and their problems.</summary>
public static class SubmissionEndpoints
{
    /// <summary>The rate-limit policy of the submitting endpoints: a fixed window per client.</summary>
    public const string RateLimitPolicy = "submissions";

    private static readonly string[] RequiredFields = ["fio", "reason", "doc_type"];

    public static RouteHandlerBuilder AcceptsSubmission(this RouteHandlerBuilder endpoint) => endpoint
        .DisableAntiforgery()
        .WithMetadata(new RequestSizeLimitAttribute(UploadLimits.MaxRequestBytes))
        .WithFormOptions(multipartBodyLengthLimit: UploadLimits.MaxRequestBytes)
        .RequireRateLimiting(RateLimitPolicy)
        .Produces<JobAccepted>(StatusCodes.Status202Accepted)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            // The handler reads the body itself (multipart or JSON), so the document is told what it accepts.
            var form = await context.GetOrCreateSchemaAsync(typeof(SubmissionForm), null, cancellationToken);
            var json = await context.GetOrCreateSchemaAsync(typeof(SubmissionBody), null, cancellationToken);
            foreach (var schema in new[] { form, json })
            {
                schema.Required = new HashSet<string>(RequiredFields);
            }

            form.Required!.Add("file");
            json.Required!.Add("s3_path");
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The fields of DOMAIN §1 with an uploaded `file` (multipart) or an `s3_path` (JSON). "
                    + $"The `{SubmissionReader.IdempotencyHeader}` header may carry the request_id.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new() { Schema = form },
                    ["application/json"] = new() { Schema = json },
                },
            };
        });
}

/// <summary>The multipart form of a submission, for the OpenAPI document (the handler reads the form itself).</summary>
public sealed record SubmissionForm(
    string Fio, string Reason, string DocType, IFormFile File, string? ApplicationDate, string? RequestId, string? CallbackUrl);
