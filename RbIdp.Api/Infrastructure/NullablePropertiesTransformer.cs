using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Makes the schemas say what the wire does: nulls are not written (<c>WhenWritingNull</c>), so a nullable property
/// is not <c>required</c>. In OpenAPI 3.1 a nullable reference (<c>Verdict?</c>, <c>DocumentAnswer?</c>) stays
/// <c>oneOf: [{type: "null"}, $ref]</c>. In the 3.0 document it becomes <c>allOf: [$ref], nullable: true</c> instead of
/// <c>oneOf: [{enum: [null]}, $ref]</c>: client generators (NSwag among them) turn that <c>oneOf</c> into an empty
/// class and then fail to read <c>"approved"</c>.
/// </summary>
public sealed class NullablePropertiesTransformer(OpenApiSpecVersion version) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            Rewrite(schema, depth: 0);
        }

        return Task.CompletedTask;
    }

    private void Rewrite(IOpenApiSchema schema, int depth)
    {
        if (schema is not OpenApiSchema concrete || depth > 16)
        {
            return;
        }

        if (version == OpenApiSpecVersion.OpenApi3_0 && NullableReference(concrete) is { } reference)
        {
            concrete.OneOf = null;
            concrete.AllOf = [reference];
            concrete.Type = JsonSchemaType.Null; // written as `nullable: true` in 3.0
        }

        foreach (var (name, property) in concrete.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            var nullable = property.Type is { } type && type.HasFlag(JsonSchemaType.Null) || NullableReference(property) is not null;
            Rewrite(property, depth + 1);
            if (nullable)
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

    /// <summary>The reference of <c>oneOf: [{type: "null"}, $ref]</c>, or null for any other schema.</summary>
    private static OpenApiSchemaReference? NullableReference(IOpenApiSchema schema) =>
        schema.OneOf is { Count: 2 } oneOf && oneOf.SingleOrDefault(s => s is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullSchema
            ? oneOf.Single(s => !ReferenceEquals(s, nullSchema)) as OpenApiSchemaReference
            : null;
}
