using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// The OpenAPI description of responses a handler writes itself (no result type the framework could describe): the
/// server-sent events of a job, and the headers of a streamed download.
/// </summary>
public static class StreamedResponses
{
    public const string EventStream = "text/event-stream";

    /// <summary>200 <c>text/event-stream</c>, not cached; what the events carry is in the schema's description.</summary>
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status200OK, contentType: EventStream)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?["200"] is OpenApiResponse ok)
            {
                ok.Description = "Server-sent events until the job ends (or the stream's time limit).";
                ok.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [EventStream] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = "`event: status` with `data:` a JobStatus without `result` (first, and last when the job ends); "
                                + "`event: progress` with the worker's `{\"run_id\",\"status\",\"stage\",\"progress\"}`; `: keep-alive` comments between.",
                        },
                    },
                };
                ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                ok.Headers["Cache-Control"] = new OpenApiHeader
                {
                    Description = "`no-cache`: every event is live.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["no-cache"] },
                };
            }

            return Task.CompletedTask;
        });
}
