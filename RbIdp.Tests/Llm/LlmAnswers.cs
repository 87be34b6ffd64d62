using System.Text.Json.Nodes;

namespace RbIdp.Tests.Llm;

/// <summary>The model's JSON answers (DOMAIN.md §5) that the fake server hands out.</summary>
internal static class LlmAnswers
{
    /// <summary>A sick leave issued 2026-11-10 to Иванов Иван Петрович, signed by a doctor.</summary>
    public static JsonObject SickLeave(string subject = "Иванов Иван Петрович", string issueDate = "2026-11-10", string docType = "sick_leave") => new()
    {
        ["doc_type"] = docType,
        ["issue_date"] = issueDate,
        ["persons"] = new JsonArray(
            new JsonObject { ["text"] = subject.ToUpperInvariant(), ["nominative"] = subject, ["role"] = "subject" },
            new JsonObject { ["text"] = "Сидоров А.Н.", ["nominative"] = "Сидоров А. Н.", ["role"] = "official" }),
        ["consistent_with_reason"] = true,
        ["justification"] = "Электронный листок нетрудоспособности на имя заявителя.",
    };
}
