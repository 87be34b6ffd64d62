using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>The served OpenAPI documents: one contract, two versions of the format, built by the same transformers.</summary>
public static class ApiDocuments
{
    /// <summary>OpenAPI 3.1, at <c>/openapi/v1.json</c>: the document Scalar shows and linters read.</summary>
    public const string V1 = "v1";

    /// <summary>OpenAPI 3.0, at <c>/openapi/v1-3.0.json</c>: for client generators that do not read 3.1's nullable references.</summary>
    public const string V1OpenApi30 = "v1-3.0";

    public const string JobsTag = "Jobs";
    public const string ReviewTag = "Review";
    public const string ArtifactsTag = "Artifacts";
    public const string ProcessTag = "Synchronous processing";
    public const string EventsTag = "Events";
    public const string HealthTag = "Health";

    /// <summary>The tags in the README's order ("Using the API"), with what each covers.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Tags =
    [
        (JobsTag, "Asynchronous jobs: submit a document, poll its status and answer, list, cancel and purge."),
        (ReviewTag, "A reviewer's decision on a manual_review job (role reviewer or admin)."),
        (ArtifactsTag, "A job's stored artifacts: the input, OCR output, checkers' outputs, evidence images, the result (role reviewer or admin)."),
        (ProcessTag, "A small document checked in the request: 200 with the answer, or 202 and a job when it is large or the API is busy."),
        (EventsTag, "Server-sent events of a job's status and progress."),
        (HealthTag, "Liveness and readiness, without a key."),
    ];

    public static void Configure(OpenApiOptions options, OpenApiSpecVersion version)
    {
        options.OpenApiVersion = version;
        options.AddDocumentTransformer<SecuritySchemeTransformer>();
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer(new NullablePropertiesTransformer(version));
        options.AddDocumentTransformer<ServerUrlTransformer>();
        options.AddDocumentTransformer<HealthEndpointsTransformer>();
        options.AddOperationTransformer<CommonResponsesTransformer>();
    }
}
