using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Processing;

/// <summary>The lifecycle of a run (DOMAIN.md §6): queued → running → succeeded | failed | canceled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("canceled")] Canceled,
}

public static class RunStatusExtensions
{
    public static bool IsFinal(this RunStatus status) => status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Canceled;
}
