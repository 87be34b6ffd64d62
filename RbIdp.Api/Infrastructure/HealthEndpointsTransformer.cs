using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Defaults = Microsoft.Extensions.Hosting.Extensions;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Puts the health endpoints of the service defaults (<c>MapHealthChecks</c>, which the framework leaves out of the
/// document) into it as they answer: <c>/health</c> and <c>/alive</c> in plain text, <c>/ready</c> as JSON naming each
/// check, or problem+json naming the failed dependencies; all without a key and never cached.
/// </summary>
public sealed class HealthEndpointsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        document.Paths[Defaults.HealthEndpointPath] = Get("GetHealth", "Check liveness", "The process is up (no dependency is checked).", Liveness());
        document.Paths[Defaults.AlivenessEndpointPath] = Get("GetAlive", "Check Aspire liveness", "The same liveness check, at the path Aspire probes.", Liveness());
        document.Paths[Defaults.ReadinessEndpointPath] = Get("GetReadiness", "Check readiness",
            "Whether every dependency answers: PostgreSQL, Redis, object storage and the OCR engine.", Readiness());
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Get(string id, string summary, string description, OpenApiResponses responses) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = id,
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new(ApiDocuments.HealthTag) },
                Security = [new OpenApiSecurityRequirement()], // `[{}]`: no key needed
                Responses = responses,
            },
        },
    };

    private static OpenApiResponses Liveness() => new()
    {
        ["200"] = Text("Alive.", "Healthy", "Degraded"),
        ["503"] = Text("Not alive.", "Unhealthy"),
    };

    private static OpenApiResponses Readiness()
    {
        var checks = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Each check by name.",
            AdditionalProperties = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "status" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["healthy", "degraded", "unhealthy"] },
                    ["description"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                },
            },
        };
        return new()
        {
            ["200"] = Answer("Every dependency answers.", "application/json", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "status", "checks" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["ready"] },
                    ["checks"] = checks,
                },
            }),
            ["503"] = Answer("A dependency does not answer; the problem names it.", "application/problem+json", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "type", "title", "status", "failed_dependencies" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Enum = [503] },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["failed_dependencies"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["checks"] = checks,
                },
            }),
        };
    }

    private static OpenApiResponse Text(string description, params string[] statuses) =>
        Answer(description, "text/plain", new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. statuses.Select(s => (JsonNode)s)] });

    /// <summary>A health answer: never cached, one media type.</summary>
    private static OpenApiResponse Answer(string description, string mediaType, OpenApiSchema schema) => new()
    {
        Description = description,
        Headers = NoCache(),
        Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
    };

    /// <summary>What the health-check middleware writes so that no cache keeps an answer.</summary>
    private static Dictionary<string, IOpenApiHeader> NoCache() => new()
    {
        ["Cache-Control"] = Header("`no-store, no-cache`."),
        ["Pragma"] = Header("`no-cache`."),
        ["Expires"] = Header("A date in the past."),
    };

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
