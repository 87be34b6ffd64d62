using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// The JSON schema of <see cref="LlmAnswer"/>, generated from the type (<see cref="AIJsonUtilities.CreateJsonSchema"/>),
/// and the one way an answer is read: parsed whole as JSON, validated against the schema, then deserialised. No
/// searching for braces: an answer with anything around its JSON is refused like any other invalid answer.
/// </summary>
internal static class LlmAnswerSchema
{
    private const int MaxReportedErrors = 6;

    private static readonly JsonSchema Validator;

    static LlmAnswerSchema()
    {
        Schema = AIJsonUtilities.CreateJsonSchema(
            typeof(LlmAnswer),
            serializerOptions: LlmJsonContext.Default.Options,
            inferenceOptions: new AIJsonSchemaCreateOptions
            {
                TransformOptions = new AIJsonSchemaTransformOptions { DisallowAdditionalProperties = true, RequireAllProperties = true },
            });
        Text = Schema.GetRawText();
        Validator = JsonSchema.FromText(Text);
    }

    /// <summary>The schema as generated (every property required, nullable ones as <c>[T, null]</c>, no others allowed).</summary>
    public static JsonElement Schema { get; }

    /// <summary>The schema as JSON text, as the prompt quotes it.</summary>
    public static string Text { get; }

    /// <summary>The response format to ask for: a strict <c>json_schema</c>, or a plain <c>json_object</c>.</summary>
    public static ChatResponseFormat ResponseFormat(LlmStructuredOutput mode) => mode == LlmStructuredOutput.JsonSchema
        ? ChatResponseFormat.ForJsonSchema(Schema, "document_check", "What the LLM reads in a supporting document.")
        : ChatResponseFormat.Json;

    /// <summary>The answer in <paramref name="content"/>, or why it is not one.</summary>
    public static (LlmAnswer? Answer, string? Error) Read(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return (null, "the answer is empty");
        }

        JsonElement node;
        try
        {
            using var document = JsonDocument.Parse(content);
            node = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"the answer is not one JSON value: {e.Message}");
        }

        var result = Validator.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details is { Count: > 0 } details ? details : [result])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)
                .Take(MaxReportedErrors);
            return (null, $"the answer does not match the schema: {string.Join("; ", errors)}");
        }

        try
        {
            return node.Deserialize(LlmJsonContext.Default.LlmAnswer) is { } answer ? (answer, null) : (null, "the answer is null");
        }
        catch (JsonException e)
        {
            return (null, $"the answer does not match the schema: {e.Message}");
        }
    }
}
