using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Classification;
using RbIdp.Pipeline.Checks.Dates;
using RbIdp.Pipeline.Checks.Names;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.EvidenceImages;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stages;
using RbIdp.Pipeline.Stamps;
using RbIdp.Tests.Synthetic;

// The checks that run after OCR (rules: classifier, FIO, dates; the stamp detector; the merge), timed per document
// over the synthetic corpus' real OCR texts and decoded pages, against the OCR time per page of the same run.
// Usage: run.sh [documents] [repeats]
var limit = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : int.MaxValue;
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var policy = DeferralPolicy.LoadDefault();
var ocrOptions = Options.Create(new OcrOptions { PoolSize = 1 });
var decoderOptions = Options.Create(new DecoderOptions());
using var pool = new OcrEnginePool(ocrOptions, NullLogger<OcrEnginePool>.Instance);
var ocr = new OcrService(pool, new PagePreprocessor(ocrOptions), ocrOptions, TimeProvider.System, NullLogger<OcrService>.Instance);
var intake = new DocumentIntake(policy.Limits, NullLogger<DocumentIntake>.Instance);
var decoder = new DocumentDecoder(intake, new PdfRasterizer(decoderOptions, NullLogger<PdfRasterizer>.Instance), decoderOptions, NullLogger<DocumentDecoder>.Instance);
var detector = new StampDetector();
(await pool.RentAsync(CancellationToken.None)).Dispose(); // a running service has its engine loaded

var cases = SyntheticCorpus.Build(20261128).Where(c => !c.Truncated).Take(limit).ToList();
var ocrMsPerPage = new List<double>();
var ocrCpuMsPerPage = new List<double>();
var checksMs = new List<double>();
var withEvidenceMs = new List<double>();
var parts = new Dictionary<string, List<double>>
{
    ["rules"] = [], ["classifier"] = [], ["fio"] = [], ["dates"] = [], ["stamp"] = [], ["merge"] = [], ["evidence"] = [],
};

// CPU time of the process beside the wall clock: on a shared machine the wall clock also counts the waits for a core.
var cpuParts = parts.Keys.ToDictionary(k => k, _ => new List<double>());
var documents = 0;
foreach (var item in cases)
{
    var decoded = await decoder.DecodeAsync(intake.Inspect(item.BuildFile()), CancellationToken.None);
    using var document = decoded.Document;
    if (document is null)
    {
        continue; // refused at intake or decoding: no checks run
    }

    var watch = Stopwatch.StartNew();
    var ocrCpu = ProcessCpuMs();
    var text = await ocr.ReadAsync(document, CancellationToken.None);
    var ocrPages = text.Pages.Count(p => p.Source == TextSource.Ocr);
    if (ocrPages > 0)
    {
        ocrMsPerPage.Add(watch.Elapsed.TotalMilliseconds / ocrPages);
        ocrCpuMsPerPage.Add((ProcessCpuMs() - ocrCpu) / ocrPages);
    }

    var request = item.Request;
    var documentRequest = new DocumentRequest(request.Fio, request.Reason, request.DocType, request.ApplicationDate);
    var fullText = text.FullText;
    var images = document.Pages.Where(p => p.Image is not null).Select(p => (p.Image!, p.Dpi)).ToList();
    var times = new Dictionary<string, double>();
    var cpuTimes = new Dictionary<string, double>();
    for (var r = 0; r < repeats; r++)
    {
        var rules = Time(times, cpuTimes, "rules", () => RuleChecks.Run(fullText, documentRequest, policy, OcrTextMap.Of(text)));
        Time(times, cpuTimes, "classifier", () => DocumentClassifier.Classify(fullText, policy.Thresholds, policy.TitleRequired));
        Time(times, cpuTimes, "fio", () => FioMatcher.Match(request.Fio, fullText, request.DocType));
        Time(times, cpuTimes, "dates", () => IssueDateExtractor.Extract(fullText, request.ApplicationDate.AddYears(1)));
        var stamp = Time(times, cpuTimes, "stamp", () => images.Count == 0 ? StampFinding.Unknown() : detector.Detect(images));
        Time(times, cpuTimes, "merge", () =>
        {
            var context = new DocumentContext(Guid.CreateVersion7(), DateTimeOffset.UtcNow, documentRequest, new DocumentInput("bench"), policy);
            context.Work.Rules.Write(rules);
            context.Work.Stamp.Write(stamp);
            return new MergeStage().RunAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        });
        Time(times, cpuTimes, "evidence", () => images.Sum(i => EvidencePainter.Paint(i.Item1, []).Length));
    }

    foreach (var (name, total) in times)
    {
        parts[name].Add(total / repeats);
        cpuParts[name].Add(cpuTimes[name] / repeats);
    }

    // The checks the pipeline runs after OCR: the rules (classifier, FIO and dates inside), the stamp and the merge;
    // and, on their own, the evidence images drawn after them.
    checksMs.Add((times["rules"] + times["stamp"] + times["merge"]) / repeats);
    withEvidenceMs.Add((times["rules"] + times["stamp"] + times["merge"] + times["evidence"]) / repeats);
    documents++;
}

foreach (var (name, values) in parts)
{
    Console.WriteLine(Invariant($"{name,-10} p50_ms={Percentile(values, 0.5):F3} p95_ms={Percentile(values, 0.95):F3} cpu_p50_ms={Percentile(cpuParts[name], 0.5):F3}"));
}

var ocrP50 = Percentile(ocrMsPerPage, 0.5);
var checksP50 = Percentile(checksMs, 0.5);
Console.WriteLine(Invariant($"ocr        pages_p50_ms={ocrP50:F0} pages_p95_ms={Percentile(ocrMsPerPage, 0.95):F0} cpu_pages_p50_ms={Percentile(ocrCpuMsPerPage, 0.5):F0}"));
Console.WriteLine(Invariant(
    $"checks docs={documents} p50_ms={checksP50:F2} p95_ms={Percentile(checksMs, 0.95):F2} ocr_page_p50_ms={ocrP50:F0} ratio_to_ocr_page={checksP50 / ocrP50:P2} with_evidence_images_ratio={Percentile(withEvidenceMs, 0.5) / ocrP50:P2}"));

static T Time<T>(Dictionary<string, double> times, Dictionary<string, double> cpuTimes, string name, Func<T> action)
{
    var cpu = ProcessCpuMs();
    var watch = Stopwatch.StartNew();
    var result = action();
    times[name] = times.GetValueOrDefault(name) + watch.Elapsed.TotalMilliseconds;
    cpuTimes[name] = cpuTimes.GetValueOrDefault(name) + (ProcessCpuMs() - cpu);
    return result;
}

// The process's CPU time (clock_gettime, nanoseconds; /proc counts in 10 ms ticks): the part timed is the only work in
// the process (OpenCV's worker threads included), apart from the runtime's own.
static double ProcessCpuMs()
{
    const int processCpuTimeClock = 2; // CLOCK_PROCESS_CPUTIME_ID
    return clock_gettime(processCpuTimeClock, out var time) == 0 ? (time.Seconds * 1e3) + (time.Nanoseconds / 1e6) : double.NaN;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    static extern int clock_gettime(int clock, out TimeSpec time);
}

static double Percentile(List<double> values, double share)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

internal readonly record struct TimeSpec(long Seconds, long Nanoseconds);
