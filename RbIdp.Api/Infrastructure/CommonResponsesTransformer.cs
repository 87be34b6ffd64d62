using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// What every operation may answer besides its own results (<see cref="ProblemExceptionHandler"/> raises them from any
/// endpoint), and the headers that go with the statuses: 500; 503 (a dependency is unavailable) with
/// <c>Retry-After</c>; 409 on a write that lost to a concurrent one; <c>Location</c>, <c>Operation-Location</c> and
/// <c>Retry-After</c> on 202; <c>Retry-After</c> on 429; <c>Location</c> on 302. Endpoints declare their own statuses;
/// these are declared here once.
/// </summary>
public sealed class CommonResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        AddProblem(operation, context, "500", "An unexpected fault; the problem names no internals.");
        AddProblem(operation, context, "503", "A dependency (database, Redis, object storage) is unavailable; retry later.");
        if (!HttpMethods.IsGet(context.Description.HttpMethod ?? HttpMethods.Get))
        {
            AddProblem(operation, context, "409", "The job changed while this request was handled (the worker, another request): read it again and retry if the request still applies.");
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

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) } },
        };
    }

    private static (string, OpenApiHeader) Location(string description) =>
        ("Location", new OpenApiHeader { Description = description, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" } });

    private static (string, OpenApiHeader) OperationLocation =>
        ("Operation-Location", new OpenApiHeader { Description = "The job's status resource, to poll (not on a cancel).", Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" } });

    private static (string, OpenApiHeader) RetryAfter(string description) =>
        ("Retry-After", new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" } });
}
