using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// The LLM's prompt, read from the one file that holds it (<c>Llm/document-check.prompt.txt</c>, embedded) with its
/// version. The OCR text goes in as fenced data: between two marker lines whose id is derived from the text itself,
/// so a document cannot write the closing marker and speak after it.
/// </summary>
internal sealed class LlmPrompt
{
    private const string ResourceName = "RbIdp.Pipeline.Llm.document-check.prompt.txt";

    private readonly string _system;
    private readonly string _user;
    private readonly string _repair;

    private LlmPrompt(string version, string system, string user, string repair)
    {
        Version = version;
        _system = system;
        _user = user;
        _repair = repair;
    }

    /// <summary>The prompt shipped with this build.</summary>
    public static LlmPrompt Current { get; } = Load();

    /// <summary>The <c>version:</c> line of the prompt file; in the cache key, <c>checks.llm.json</c> and the answer.</summary>
    public string Version { get; }

    /// <summary>The system and user messages that ask about <paramref name="text"/> (already redacted and cut).</summary>
    public IReadOnlyList<ChatMessage> Question(string schema, DocumentRequest request, string text)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = FenceId(text);
        var user = _user
            .Replace("{reason}", WireNames.Of(request.Reason), StringComparison.Ordinal)
            .Replace("{doc_type}", WireNames.Of(request.DocType), StringComparison.Ordinal)
            .Replace("{begin}", $"<<<DOCUMENT {id}>>>", StringComparison.Ordinal)
            .Replace("{end}", $"<<<END DOCUMENT {id}>>>", StringComparison.Ordinal)
            .Replace("{document}", text, StringComparison.Ordinal); // last: the document's own braces stay as written
        return
        [
            new ChatMessage(ChatRole.System, _system.Replace("{schema}", schema, StringComparison.Ordinal)),
            new ChatMessage(ChatRole.User, user),
        ];
    }

    /// <summary>The message that sends a refused answer back with the reason it was refused.</summary>
    public ChatMessage Repair(string error) => new(ChatRole.User, _repair.Replace("{error}", error, StringComparison.Ordinal));

    /// <summary>The fence's id: the first 16 hex digits of the text's SHA-256 (a text cannot contain its own hash).</summary>
    public static string FenceId(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    internal static LlmPrompt Parse(string content)
    {
        string? version = null;
        string? section = null;
        var sections = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var line in content.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (section is null && line.StartsWith("version:", StringComparison.Ordinal))
            {
                version = line["version:".Length..].Trim();
            }
            else if (line is "[system]" or "[user]" or "[repair]")
            {
                section = line[1..^1];
                sections[section] = new StringBuilder();
            }
            else if (section is not null)
            {
                sections[section].Append(line).Append('\n');
            }
        }

        string Section(string name) => sections.TryGetValue(name, out var text) && text.ToString().Trim() is { Length: > 0 } trimmed
            ? trimmed
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The LLM prompt has no [{name}] section."));

        return new LlmPrompt(
            string.IsNullOrWhiteSpace(version) ? throw new InvalidOperationException("The LLM prompt has no 'version:' line.") : version,
            Section("system"), Section("user"), Section("repair"));
    }

    private static LlmPrompt Load()
    {
        using var stream = typeof(LlmPrompt).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }
}
