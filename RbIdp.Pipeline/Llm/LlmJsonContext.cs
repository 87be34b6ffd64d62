using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Llm;

internal sealed record ChatRequest(string Model, IReadOnlyList<ChatMessage> Messages, double Temperature, ResponseFormat ResponseFormat);

internal sealed record ChatMessage(string Role, string? Content);

internal sealed record ResponseFormat(string Type);

internal sealed record ChatResponse(IReadOnlyList<ChatChoice>? Choices);

internal sealed record ChatChoice(ChatMessage? Message);

internal sealed record LlmAnswer(
    string? DocType,
    string? IssueDate,
    IReadOnlyList<LlmAnswerPerson>? Persons,
    bool? ConsistentWithReason,
    string? Justification);

internal sealed record LlmAnswerPerson(string? Text, string? Nominative, string? Role);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResponse))]
[JsonSerializable(typeof(LlmAnswer))]
internal sealed partial class LlmJsonContext : JsonSerializerContext;
