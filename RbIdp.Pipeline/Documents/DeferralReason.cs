using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Documents;

/// <summary>Why the borrower asks to defer payments (DOMAIN.md §1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeferralReason>))]
public enum DeferralReason
{
    [JsonStringEnumMemberName("illness")] Illness,
    [JsonStringEnumMemberName("job_loss")] JobLoss,
    [JsonStringEnumMemberName("income_decrease")] IncomeDecrease,
    [JsonStringEnumMemberName("mobilization")] Mobilization,
    [JsonStringEnumMemberName("disability")] Disability,
    [JsonStringEnumMemberName("emergency")] Emergency,
    [JsonStringEnumMemberName("maternity")] Maternity,
}
