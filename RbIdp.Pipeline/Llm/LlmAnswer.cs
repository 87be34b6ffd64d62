using System.ComponentModel;
using System.Text.Json.Serialization;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// The LLM's answer as it must arrive (DOMAIN.md §5). Its JSON schema is generated from this type
/// (<see cref="LlmAnswerSchema"/>), sent as the response format and checked on every answer.
/// </summary>
[Description("What the LLM reads in a supporting document.")]
internal sealed record LlmAnswer(
    [property: Description("The kind of document, or null if none of the listed kinds fits.")]
    DocumentType? DocType,
    [property: Description("The date that dates this document (YYYY-MM-DD), not a birth date, a period, a tax year or a print date; null if none.")]
    DateOnly? IssueDate,
    [property: Description("Every person named in the document.")]
    IReadOnlyList<LlmAnswerPerson> Persons,
    [property: Description("Whether this document, of this kind and about this subject, supports the declared reason.")]
    bool ConsistentWithReason,
    [property: Description("One short sentence.")]
    string Justification);

/// <summary>A person named in the document, as the LLM reads them.</summary>
internal sealed record LlmAnswerPerson(
    [property: Description("The name as written.")]
    string Text,
    [property: Description("The full name in the nominative case, or null if it cannot be told.")]
    string? Nominative,
    [property: Description("subject: whom the document is about; official: doctor, signatory, inspector; other: anyone else.")]
    LlmPersonRole Role);

/// <summary>Whom a named person is to the document.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LlmPersonRole>))]
internal enum LlmPersonRole
{
    [JsonStringEnumMemberName("subject")] Subject,
    [JsonStringEnumMemberName("official")] Official,
    [JsonStringEnumMemberName("other")] Other,
}
