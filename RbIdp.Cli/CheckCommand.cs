using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Cli;

/// <summary>
/// <c>rbidp check FILE --fio … --reason … --doc-type … [--application-date yyyy-mm-dd] [--artifacts DIR]</c>:
/// runs the whole pipeline on one file with no services (artifacts on local disk, the LLM only when
/// <c>Llm__Endpoint</c> is set) and prints the answer JSON.
/// </summary>
public static class CheckCommand
{
    private static readonly JsonSerializerOptions PrettyJson = new(PipelineJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string Usage = "usage: rbidp check FILE --fio \"Фамилия Имя Отчество\" --reason REASON --doc-type TYPE [--application-date yyyy-mm-dd] [--artifacts DIR]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || args[0] != "check")
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        if (!TryParse(args[2..], out var options, out var problem))
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        var file = args[1];
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"rbidp: no such file: {file}");
            return 2;
        }

        var artifactsDir = options.GetValueOrDefault("artifacts") ?? Path.Combine(Path.GetTempPath(), "rbidp-check");
        await using var pipeline = LocalPipeline.Create(artifactsDir, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var policy = pipeline.Policy;
        if (!WireNames.TryParse<DeferralReason>(options["reason"], out var reason) || !WireNames.TryParse<DocumentType>(options["doc-type"], out var docType))
        {
            await error.WriteLineAsync($"rbidp: reason is one of {string.Join(", ", WireNames.All<DeferralReason>())}; doc-type one of {string.Join(", ", WireNames.All<DocumentType>())}");
            return 2;
        }

        var now = TimeProvider.System.GetUtcNow();
        var applicationDate = options.TryGetValue("application-date", out var date)
            ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, policy.Zone).DateTime);

        var (outcome, runPrefix) = await pipeline.RunFileAsync(file, new DocumentRequest(options["fio"], reason, docType, applicationDate), CancellationToken.None);
        if (outcome.Answer is null)
        {
            await error.WriteLineAsync($"rbidp: the run failed at stage {outcome.FailedStage}: {outcome.Failure}");
            return 1;
        }

        var json = JsonSerializer.Serialize(outcome.Answer, PrettyJson);
        await output.WriteLineAsync(json);
        await error.WriteLineAsync($"artifacts: {Path.Combine(artifactsDir, runPrefix)}");
        return 0;
    }

    private static bool TryParse(string[] args, out Dictionary<string, string> options, out string? problem)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                problem = $"rbidp: unexpected '{args[i]}'\n{Usage}";
                return false;
            }

            options[args[i][2..]] = args[i + 1];
        }

        foreach (var required in new[] { "fio", "reason", "doc-type" })
        {
            if (!options.ContainsKey(required))
            {
                problem = $"rbidp: --{required} is required\n{Usage}";
                return false;
            }
        }

        return true;
    }
}
