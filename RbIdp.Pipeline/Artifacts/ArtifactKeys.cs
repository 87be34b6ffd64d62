using System.Collections.Frozen;
using System.Globalization;

namespace RbIdp.Pipeline.Artifacts;

/// <summary>
/// Builds and validates the keys of the artifact store. A run's artifacts live under
/// <c>runs/&lt;yyyy-mm-dd&gt;/&lt;run_id&gt;/&lt;name&gt;</c>, dated by the run's creation time in UTC.
/// The same keys are used on local disk and in S3, so the rules are the strictest of both.
/// </summary>
public static class ArtifactKeys
{
    public const string Input = "input";
    public const string Ocr = "ocr.json";
    public const string RuleChecks = "checks.rules.json";
    public const string LlmChecks = "checks.llm.json";
    public const string Stamp = "stamp.json";
    public const string Result = "result.json";
    public const string Timings = "timings.json";

    /// <summary>S3 allows 1024 bytes of UTF-8 per key.</summary>
    public const int MaxKeyBytes = 1024;

    private const string RunsFolder = "runs";

    /// <summary>The most evidence images a run has: one per page, and no document has more pages than this.</summary>
    public const int MaxEvidencePages = 100;

    /// <summary>The fixed names, and one evidence image per page (<see cref="EvidenceImage"/>).</summary>
    public static FrozenSet<string> Names { get; } =
        FrozenSet.ToFrozenSet(
            [Input, Ocr, RuleChecks, LlmChecks, Stamp, Result, Timings, .. Enumerable.Range(1, MaxEvidencePages).Select(EvidenceImage)],
            StringComparer.Ordinal);

    /// <summary>The names for a reader: the fixed ones and the evidence images' pattern.</summary>
    public static string Described { get; } =
        string.Join(", ", new[] { Input, Ocr, RuleChecks, LlmChecks, Stamp, Result, Timings }.Order(StringComparer.Ordinal)) + ", evidence-p<page>.png";

    /// <summary>The evidence image of a page (1-based): <c>evidence-p1.png</c>.</summary>
    public static string EvidenceImage(int page) => string.Create(CultureInfo.InvariantCulture, $"evidence-p{page}.png");

    /// <summary>The media type an artifact is stored and served with.</summary>
    public static string ContentTypeOf(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal) ? "application/json"
        : name.EndsWith(".png", StringComparison.Ordinal) ? "image/png"
        : "application/octet-stream";

    /// <summary>The folder of one run, with a trailing slash: <c>runs/2026-11-28/{run_id}/</c>.</summary>
    public static string RunPrefix(Guid runId, DateTimeOffset createdAt)
    {
        if (runId == Guid.Empty)
        {
            throw new ArgumentException("A run id must not be empty.", nameof(runId));
        }

        var day = createdAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{RunsFolder}/{day}/{runId:D}/";
    }

    /// <summary>The key of one of a run's artifacts; <paramref name="name"/> must be one of <see cref="Names"/>.</summary>
    public static string ForRun(Guid runId, DateTimeOffset createdAt, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a known artifact name; expected one of: {Described}.",
                nameof(name));
        }

        return RunPrefix(runId, createdAt) + name;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid object key.</summary>
    public static void EnsureValidKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("An artifact key must not be empty.", nameof(key));
        }

        EnsureValidPath(key, nameof(key));
    }

    /// <summary>
    /// Throws unless <paramref name="prefix"/> is empty (everything) or a valid key beginning,
    /// optionally ending with <c>/</c> (a folder).
    /// </summary>
    public static void EnsureValidPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return;
        }

        EnsureValidPath(prefix.EndsWith('/') ? prefix[..^1] : prefix, nameof(prefix));
    }

    private static void EnsureValidPath(string path, string paramName)
    {
        if (path.Length == 0 || path[0] == '/')
        {
            throw new ArgumentException($"Artifact path '{path}' must be relative (no leading '/').", paramName);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxKeyBytes)
        {
            throw new ArgumentException($"Artifact path is longer than {MaxKeyBytes} bytes.", paramName);
        }

        foreach (var c in path)
        {
            if (c == '\\' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"Artifact path '{path}' contains a backslash or a control character; use '/' between segments.", paramName);
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw new ArgumentException($"Artifact path '{path}' has an empty segment.", paramName);
            }

            // Covers '.' and '..' (traversal) and hidden names; the local store keeps its own files under such names.
            if (segment[0] == '.')
            {
                throw new ArgumentException($"Artifact path '{path}' has a segment starting with '.'.", paramName);
            }

            if (segment.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Artifact path '{path}' must not contain ':' (drive or scheme).", paramName);
            }
        }
    }
}
