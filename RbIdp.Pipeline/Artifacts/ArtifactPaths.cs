using System.Globalization;

namespace RbIdp.Pipeline.Artifacts;

/// <summary>Artifact keys: <c>runs/&lt;yyyy-mm-dd&gt;/&lt;run_id&gt;/&lt;name&gt;</c> (DOMAIN.md §4), the same on disk and in S3.</summary>
public static class ArtifactPaths
{
    public const string Input = "input";
    public const string Ocr = "ocr.json";
    public const string RuleChecks = "checks.rules.json";
    public const string LlmChecks = "checks.llm.json";
    public const string Stamp = "stamp.json";
    public const string Result = "result.json";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { Input, Ocr, RuleChecks, LlmChecks, Stamp, Result };

    public static string Folder(Guid runId, DateTimeOffset createdAt) =>
        $"runs/{createdAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{runId:D}/";

    public static string For(Guid runId, DateTimeOffset createdAt, string name) =>
        Names.Contains(name) ? Folder(runId, createdAt) + name : throw new ArgumentException($"Unknown artifact '{name}'.", nameof(name));
}
