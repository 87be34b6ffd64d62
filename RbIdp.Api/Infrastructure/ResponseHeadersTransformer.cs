using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// What every operation may answer besides its own results, and the headers that go with them: 503 (a dependency is
/// unavailable) with <c>Retry-After</c> anywhere; <c>Location</c>, <c>Operation-Location</c> and <c>Retry-After</c> on
/// 202; <c>Retry-After</c> on 429; <c>Location</c> on 302. Endpoints declare statuses; the headers are declared here once.
/// </summary>
public sealed class ResponseHeadersTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey("503"))
        {
            operation.Responses["503"] = new OpenApiResponse
            {
                Description = "A dependency (database, Redis, object storage) is unavailable; retry later.",
                Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) } },
            };
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var headers = status switch
            {
                "202" => [Location("The job's status resource."), OperationLocation, RetryAfter("Seconds to wait before polling the status resource.")],
                "302" => [Location("A short-lived presigned URL of the artifact.")],
                "429" => [RetryAfter("Seconds until the client's rate limit admits another request.")],
                "503" => [RetryAfter("Seconds to wait before retrying.")],
                _ => Array.Empty<(string, OpenApiHeader)>(),
            };
            foreach (var (name, header) in headers)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[name] = header;
            }
        }

        return Task.CompletedTask;
    }

    private static (string, OpenApiHeader) Location(string description) =>
        ("Location", new OpenApiHeader { Description = description, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" } });

    private static (string, OpenApiHeader) OperationLocation =>
        ("Operation-Location", new OpenApiHeader { Description = "The job's status resource, to poll (not on a cancel).", Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" } });

    private static (string, OpenApiHeader) RetryAfter(string description) =>
        ("Retry-After", new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" } });
}
