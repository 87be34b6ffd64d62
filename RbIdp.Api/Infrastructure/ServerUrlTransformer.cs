using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// The server URLs without a trailing slash (<c>http://localhost:5080</c>): the paths start with one, and a client
/// joining the two would ask for <c>//v1/jobs</c>. Linters (Redocly's <c>no-server-trailing-slash</c>) say the same.
/// </summary>
public sealed class ServerUrlTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

        return Task.CompletedTask;
    }
}
