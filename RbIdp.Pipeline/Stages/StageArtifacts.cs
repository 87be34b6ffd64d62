using System.Text.Json;
using System.Text.Json.Serialization;
using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stages;

/// <summary>The rules' findings as stored in <c>checks.rules.json</c>: scores, the issue date, the persons and the errors.</summary>
internal sealed record RuleChecksArtifact(
    DocumentType? DocType,
    IReadOnlyList<TypeScoreArtifact> Scores,
    DateOnly? IssueDate,
    string? IssueDateText,
    string? IssueDateBasis,
    string PersonOutcome,
    string? PersonText,
    IReadOnlyList<PersonArtifact> Persons,
    IReadOnlyList<CheckError> Errors)
{
    public static RuleChecksArtifact From(RuleFindings rules) => new(
        rules.DocType,
        [.. rules.Classification.Scores.Select(s => new TypeScoreArtifact(s.Type, Math.Round(s.Score, 3), s.Evidence))],
        rules.IssueDate?.Date,
        rules.IssueDate?.Text,
        rules.IssueDate?.Basis.ToString(),
        rules.Person.Outcome.ToString(),
        rules.Person.Evidence?.Text,
        [.. rules.Person.Persons.Select(p => new PersonArtifact(p.Text, p.Role.ToString()))],
        rules.Errors);
}

internal sealed record TypeScoreArtifact(DocumentType Type, double Score, IReadOnlyList<string> Evidence);

internal sealed record PersonArtifact(string Text, string Role);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuleChecksArtifact))]
[JsonSerializable(typeof(LlmCheck))]
[JsonSerializable(typeof(StampFinding))]
internal sealed partial class StageJsonContext : JsonSerializerContext;
