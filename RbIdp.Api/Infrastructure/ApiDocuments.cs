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

    public static void Configure(OpenApiOptions options, OpenApiSpecVersion version)
    {
        options.OpenApiVersion = version;
        options.AddDocumentTransformer<SecuritySchemeTransformer>();
        options.AddDocumentTransformer(new NullablePropertiesTransformer(version));
        options.AddDocumentTransformer<ServerUrlTransformer>();
        options.AddOperationTransformer<ResponseHeadersTransformer>();
    }
}
