using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Makes the schemas say what the wire does. Nulls are not written (<c>WhenWritingNull</c>), so a nullable property
/// is not <c>required</c>. And a nullable reference (<c>Verdict?</c>, <c>DocumentAnswer?</c>) the OpenAPI 3.0 way,
/// <c>allOf: [$ref], nullable: true</c>, instead of <c>oneOf: [{enum: [null]}, $ref]</c>: client generators
/// (NSwag among them) turn that <c>oneOf</c> into an empty class and then fail to read <c>"approved"</c>.
/// </summary>
public sealed class NullablePropertiesTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            Rewrite(schema, depth: 0);
        }

        return Task.CompletedTask;
    }

    private static void Rewrite(IOpenApiSchema schema, int depth)
    {
        if (schema is not OpenApiSchema concrete || depth > 16)
        {
            return;
        }

        if (concrete.OneOf is { Count: 2 } oneOf
            && oneOf.SingleOrDefault(s => s is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullSchema
            && oneOf.Single(s => !ReferenceEquals(s, nullSchema)) is OpenApiSchemaReference reference)
        {
            concrete.OneOf = null;
            concrete.AllOf = [reference];
            concrete.Type = JsonSchemaType.Null;
        }

        foreach (var (name, property) in concrete.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            Rewrite(property, depth + 1);
            if (property.Type is { } type && type.HasFlag(JsonSchemaType.Null))
            {
                concrete.Required?.Remove(name);
            }
        }

        if (concrete.Items is { } items)
        {
            Rewrite(items, depth + 1);
        }

        if (concrete.AdditionalProperties is { } additional)
        {
            Rewrite(additional, depth + 1);
        }
    }
}
