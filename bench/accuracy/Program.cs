using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Verdicts;

// Verdict accuracy of the whole in-process pipeline over a labelled folder (labels.jsonl beside the files).
// Usage: run.sh DIR [--out DIR] [--only NAME]    |    run.sh --write-corpus DIR [SEED]
if (args.Length >= 2 && args[0] == "--write-corpus")
{
    var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20261206;
    RbIdp.Tests.Synthetic.SyntheticCorpus.WriteTo(args[1], seed);
    Console.WriteLine($"wrote the synthetic corpus (seed {seed}) with labels.jsonl to {args[1]}");
    return 0;
}

if (args.Length < 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: bench/accuracy/run.sh DIR [--out DIR] [--only FILE]  |  bench/accuracy/run.sh --write-corpus DIR [SEED]");
    return 2;
}

var folder = args[0];
var outDir = OptionAfter("--out") ?? Path.Combine(Path.GetTempPath(), "rbidp-accuracy");
var only = OptionAfter("--only");
var labels = File.ReadLines(Path.Combine(folder, "labels.jsonl"))
    .Where(line => !string.IsNullOrWhiteSpace(line))
    .Select(line => JsonSerializer.Deserialize<Label>(line, LabelJson.Options)!)
    .Where(l => only is null || l.File == only)
    .ToList();

await using var pipeline = LocalPipeline.Create(outDir, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));

var results = new ConcurrentDictionary<string, Outcome>();
await Parallel.ForEachAsync(labels, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (label, ct) =>
{
    if (!WireNames.TryParse<DeferralReason>(label.Reason, out var reason) || !WireNames.TryParse<DocumentType>(label.DocType, out var docType))
    {
        results[label.File] = new Outcome(null, [], null, "bad label");
        return;
    }

    var request = new DocumentRequest(label.Fio, reason, docType, DateOnly.ParseExact(label.ApplicationDate, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    try
    {
        var (run, runPrefix) = await pipeline.RunFileAsync(Path.Combine(folder, label.File), request, ct);
        var answer = run.Answer;
        results[label.File] = answer is null
            ? new Outcome(null, [], null, $"failed at {run.FailedStage}: {run.Failure}")
            : new Outcome(answer.Verdict, answer.Errors.Select(e => WireNames.Of(e.Code)).ToList(), answer.Extracted.Stamp?.Found,
                $"person={answer.Extracted.Person} date={answer.Extracted.IssueDate:yyyy-MM-dd} type={(answer.Extracted.DocType is { } t ? WireNames.Of(t) : "-")} stamp={answer.Extracted.Stamp?.Score:0.00} run={runPrefix}");
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        results[label.File] = new Outcome(null, [], null, $"crashed: {e.GetType().Name}: {e.Message}");
    }
});

int correct = 0, falseApprovals = 0, falseRejections = 0, codesRight = 0, stampTp = 0, stampFp = 0, stampFn = 0;
foreach (var label in labels)
{
    var got = results[label.File];
    var verdict = got.Verdict is { } v ? WireNames.Of(v) : "none";
    var ok = verdict == label.ExpectedVerdict;
    correct += ok ? 1 : 0;
    falseApprovals += verdict == "approved" && label.ExpectedVerdict != "approved" ? 1 : 0;
    falseRejections += verdict == "rejected" && label.ExpectedVerdict != "rejected" ? 1 : 0;
    codesRight += ok && label.ExpectedErrorCodes.All(got.Codes.Contains) ? 1 : 0;
    // Only where the stamp was looked for and could be seen: not on a greyscale page (unknown), nor on a request
    // refused before the stamp stage ran (REASON_DOC_MISMATCH, an unreadable file).
    if (label.StampPresent is { } present && got.StampFound is { } found)
    {
        stampTp += present && found ? 1 : 0;
        stampFp += !present && found ? 1 : 0;
        stampFn += present && !found ? 1 : 0;
    }

    Console.WriteLine(Invariant($"{(ok ? "ok  " : "MISS")} {label.File,-16} expected={label.ExpectedVerdict}[{string.Join(',', label.ExpectedErrorCodes)}] got={verdict}[{string.Join(',', got.Codes)}] stamp_present={label.StampPresent} {got.Detail}"));
}

var n = labels.Count;
double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
Console.WriteLine(Invariant($"accuracy cases={n} verdict_accuracy={Ratio(correct, n):0.000} codes_accuracy={Ratio(codesRight, n):0.000} false_approvals={falseApprovals} false_rejections={falseRejections} stamp_recall={Ratio(stampTp, stampTp + stampFn):0.000} stamp_precision={Ratio(stampTp, stampTp + stampFp):0.000}"));
return 0;

string? OptionAfter(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

internal sealed record Label(
    string File, string Fio, string Reason, string DocType, string ApplicationDate, string ExpectedVerdict,
    IReadOnlyList<string> ExpectedErrorCodes, bool? StampPresent);

internal sealed record Outcome(Verdict? Verdict, IReadOnlyList<string> Codes, bool? StampFound, string Detail);

internal static class LabelJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
}
