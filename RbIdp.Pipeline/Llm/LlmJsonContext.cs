using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Llm;

/// <summary>The LLM's answer on the wire: snake_case, nullable and required members as declared.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(LlmAnswer))]
internal sealed partial class LlmJsonContext : JsonSerializerContext;
