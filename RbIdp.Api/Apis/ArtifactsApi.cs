using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using RbIdp.Api.Infrastructure;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Api.Apis;

/// <summary>A run's stored artifacts: the input, OCR output, each checker's output, the stamp finding and the result.</summary>
public static class ArtifactsApi
{
    private static readonly TimeSpan PresignedLifetime = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapArtifactsApi(this IEndpointRouteBuilder app)
    {
        var artifacts = app.MapGroup("/v1/jobs/{runId:guid}/artifacts").WithTags(ApiDocuments.ArtifactsTag).RequireAuthorization(Roles.ReviewPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        artifacts.MapGet("/", ListArtifacts).WithName("ListArtifacts").WithSummary("List artifacts")
            .WithDescription("The names of a job's stored artifacts, with their addresses.");
        artifacts.MapGet("/{name}", GetArtifact).WithName("GetArtifact").WithSummary("Download an artifact")
            .WithDescription("One artifact: streamed, or a redirect to a short-lived presigned URL when `?redirect=true` and the store supports it. "
                + "JSON artifacts are `application/json`, the evidence images (`evidence-p<N>.png`) `image/png`, the input `application/octet-stream`.")
            .Produces(StatusCodes.Status200OK, null, "application/json", "image/png", "application/octet-stream")
            .Produces(StatusCodes.Status302Found)
            .AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
            {
                if (operation.Responses?["200"] is OpenApiResponse ok)
                {
                    ok.Description = "The artifact's bytes, in its media type.";
                    ok.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A JSON artifact: the OCR output, a checker's output, the stamp finding or the result." } },
                        ["image/png"] = new() { Schema = Binary("An evidence image of one page (evidence-p<N>.png).") },
                        ["application/octet-stream"] = new() { Schema = Binary("The input document as it was submitted.") },
                    };
                    ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    ok.Headers["Content-Disposition"] = new OpenApiHeader
                    {
                        Description = "`attachment` with the artifact's name as the file name.",
                        Required = true,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^attachment; filename=" },
                    };
                }

                if (operation.Responses?["302"] is OpenApiResponse found)
                {
                    found.Description = "A redirect to a short-lived presigned URL (`?redirect=true`, S3 stores only).";
                }

                return Task.CompletedTask;
            });
        return artifacts;
    }

    private static OpenApiSchema Binary(string description) =>
        new() { Type = JsonSchemaType.String, Format = "binary", Description = description };

    public static async Task<Results<Ok<ArtifactList>, ProblemHttpResult>> ListArtifacts(
        Guid runId, [AsParameters] JobServices jobs, IArtifactStore store, CancellationToken cancellationToken)
    {
        var run = await jobs.FindOwnAsync(runId, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        var prefix = ArtifactKeys.RunPrefix(run.Id, run.CreatedAt);
        var keys = await store.ListAsync(prefix, cancellationToken);
        var names = keys.Select(k => k[prefix.Length..]).Where(ArtifactKeys.Names.Contains).Order(StringComparer.Ordinal).ToList();
        if (!run.InputReference.StartsWith(prefix, StringComparison.Ordinal))
        {
            names.Remove(ArtifactKeys.Input);
        }

        return TypedResults.Ok(new ArtifactList(runId, [.. names.Select(n => new ArtifactLink(n, $"/v1/jobs/{runId:D}/artifacts/{n}"))]));
    }

    public static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> GetArtifact(
        Guid runId, string name, [AsParameters] JobServices jobs, IArtifactStore store, CancellationToken cancellationToken, bool redirect = false)
    {
        if (!ArtifactKeys.Names.Contains(name))
        {
            return Problems.NotFound($"'{name}' is not an artifact name; known: {ArtifactKeys.Described}.");
        }

        var run = await jobs.FindOwnAsync(runId, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"No job {runId:D}.");
        }

        var key = ArtifactKeys.ForRun(run.Id, run.CreatedAt, name);
        if (redirect && await store.GetDownloadUrlAsync(key, PresignedLifetime, cancellationToken) is { } url)
        {
            return TypedResults.Redirect(url.AbsoluteUri);
        }

        var stream = await store.OpenReadAsync(key, cancellationToken);
        return stream is null
            ? Problems.NotFound($"Job {runId:D} has no artifact '{name}' (yet, or it was purged).")
            : TypedResults.Stream(stream, ArtifactKeys.ContentTypeOf(name), name);
    }
}

public sealed record ArtifactList(Guid RunId, IReadOnlyList<ArtifactLink> Artifacts);

public sealed record ArtifactLink(string Name, string Href);
