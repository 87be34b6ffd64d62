using System.Collections.Concurrent;
using System.Text;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Synthetic;
using Xunit.Abstractions;

namespace RbIdp.Tests.Pipeline;

/// <summary>
/// The labelled synthetic corpus through the whole pipeline (real OCR): the verdicts must be right for at
/// least 95% of the cases, no document that should not pass may be approved, and where the verdict is right the
/// error codes are too (expected ⊆ produced ⊆ expected ∪ tolerated).
/// </summary>
public sealed class CorpusVerdictTests(ITestOutputHelper output)
{
    private const int Seed = 20261128;

    [Fact]
    public async Task Corpus_verdicts_are_at_least_95_percent_right_with_no_false_approval()
    {
        var cases = SyntheticCorpus.Build(Seed);
        Assert.True(cases.Count >= 60, $"the corpus has {cases.Count} cases");
        await using var host = new PipelineHost();
        var results = new ConcurrentBag<(CorpusCase Case, Verdict? Actual, IReadOnlyList<ErrorCode> Codes)>();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (item, ct) =>
        {
            var request = item.Request;
            var outcome = await host.RunAsync(item.BuildFile(), request.Fio, request.Reason, request.DocType, request.ApplicationDate, ct);
            results.Add((item, outcome.Answer?.Verdict, outcome.Answer?.Errors.Select(e => e.Code).ToList() ?? []));
        });

        var report = new StringBuilder();
        var verdicts = Enum.GetValues<Verdict>();
        report.AppendLine("confusion (rows expected, columns actual): " + string.Join(" | ", verdicts));
        foreach (var expected in verdicts)
        {
            report.AppendLine($"{expected,-13} " + string.Join(" | ", verdicts.Select(a => results.Count(r => r.Case.ExpectedVerdict == expected && r.Actual == a).ToString().PadLeft(a.ToString().Length))));
        }

        var wrong = results.Where(r => r.Actual != r.Case.ExpectedVerdict).OrderBy(r => r.Case.Id).ToList();
        foreach (var (item, actual, codes) in wrong)
        {
            report.AppendLine($"WRONG {item.Id}: expected {item.ExpectedVerdict} [{string.Join(",", item.ExpectedCodes)}], got {actual} [{string.Join(",", codes)}] — {item.Description}");
        }

        var wrongCodes = results
            .Where(r => r.Actual == r.Case.ExpectedVerdict)
            .Where(r => !r.Case.ExpectedCodes.All(r.Codes.Contains) || !r.Codes.All(c => r.Case.ExpectedCodes.Contains(c) || r.Case.TolerableCodes.Contains(c)))
            .OrderBy(r => r.Case.Id)
            .ToList();
        foreach (var (item, _, codes) in wrongCodes)
        {
            report.AppendLine($"CODES {item.Id}: expected [{string.Join(",", item.ExpectedCodes)}] (tolerated [{string.Join(",", item.TolerableCodes)}]), got [{string.Join(",", codes)}] — {item.Description}");
        }

        var accuracy = 1.0 - ((double)wrong.Count / results.Count);
        report.AppendLine($"accuracy {accuracy:P1} on {results.Count} documents");
        output.WriteLine(report.ToString());

        var falseApprovals = results.Where(r => r.Actual == Verdict.Approved && r.Case.ExpectedVerdict != Verdict.Approved).Select(r => r.Case.Id).ToList();
        Assert.Empty(falseApprovals);
        Assert.True(accuracy >= 0.95, report.ToString());
        Assert.True(wrongCodes.Count == 0, report.ToString());
    }
}
