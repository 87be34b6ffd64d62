using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Tests.Ocr;

// OCR throughput and accuracy: the service's engine pool against the tesseract CLI, on the same rendered pages,
// first on one core, then on all of them, over a few interleaved rounds; then one page at a time, read whole by one
// engine and split over all of them. Usage: run.sh [pages] [rounds] [folder of documents to split as well]
var pageCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var samples = args.Length > 2 ? args[2] : null;
var cores = Environment.ProcessorCount;
var folder = Directory.CreateTempSubdirectory("rbidp-bench-ocr-");
try
{
    var pages = Enumerable.Range(1, pageCount).Select(seed =>
    {
        using var page = TestPages.Render(seed, look: new PageLook(Scanned: seed % 2 == 0));
        var png = TestPages.EncodePng(page.Image);
        var path = Path.Combine(folder.FullName, $"page-{seed:D3}.png");
        File.WriteAllBytes(path, png);
        return new BenchPage(path, page.Text);
    }).ToList();
    Console.WriteLine($"rendered {pages.Count} pages (A4, 300 DPI, every second one scanned) on {cores} cores");

    // Each configuration runs once per round, interleaved, and its best round counts: on a shared machine a
    // burst of someone else's work only ever slows a run down, so the fastest round is the least disturbed one.
    var best = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
    var peakMb = new Dictionary<string, long>(StringComparer.Ordinal);
    double serviceCer = 0, cliCer = 0, serviceCpuSeconds = 0, cliCpuSeconds = 0;
    for (var round = 1; round <= rounds; round++)
    {
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        // All engines first: a service makes its pool once, so the first pool in this process is the service's case
        // (engines made and freed before it would leave their freed native memory in the process's figure).
        var idleMb = PeakRss.Reset();
        var (serviceN, _) = await Service.RunAsync(pages, poolSize: cores);
        var serviceNMb = PeakRss.Mb();
        PeakRss.Reset();
        (var service1, serviceCer) = await Service.RunAsync(pages, poolSize: 1);
        var service1Mb = PeakRss.Mb();
        Console.WriteLine($"round {round}: rss before {idleMb} MB, peak with {cores} engines {serviceNMb} MB, then with 1 engine {service1Mb} MB");
        if (round == 1) // later rounds make their pools after earlier ones were freed: not how a service runs
        {
            peakMb["service1"] = service1Mb;
            peakMb["serviceN"] = serviceNMb;
        }
        serviceCpuSeconds += (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds;
        var childCpu = ChildCpu.Seconds();
        (var cli1, cliCer) = await Cli.RunAsync(pages, parallelism: 1);
        var (cliN, _) = await Cli.RunAsync(pages, parallelism: cores);
        cliCpuSeconds += ChildCpu.Seconds() - childCpu;
        Console.WriteLine($"round {round}: service 1 engine {Rate(service1)}, {cores} engines {Rate(serviceN)}; cli 1 process {Rate(cli1)}, {cores} processes {Rate(cliN)} pages/s");
        foreach (var (name, elapsed) in new[] { ("service1", service1), ("serviceN", serviceN), ("cli1", cli1), ("cliN", cliN) })
        {
            best[name] = best.TryGetValue(name, out var earlier) && earlier < elapsed ? earlier : elapsed;
        }
    }

    var rssMb = peakMb.GetValueOrDefault("serviceN"); // the first pool of the process, all engines: a service's pool

    // One page at a time on an idle pool: the page read whole by one engine (Ocr:SplitPages off), then split over all
    // engines, page by page in turn, so both see the same moment of the machine; the ratio is what the split saves.
    // The same, for the work saved on one engine: each page recognised on the whole page and within its ink's bounds.
    var benchDocuments = pages.Select(p => (Path.GetFileName(p.Path), File.ReadAllBytes(p.Path), (string?)p.Text)).ToList();
    var sampleDocuments = samples is null ? null : Directory.GetFiles(samples)
        .Where(f => !f.EndsWith(".jsonl", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f), (string?)null)).ToList();
    var which = Environment.GetEnvironmentVariable("BENCH_COMPARE") ?? "split,crop";
    foreach (var (comparison, suffix, documents) in new[] { ("split", "", benchDocuments), ("crop", "", benchDocuments), ("split", "_samples", sampleDocuments), ("crop", "_samples", sampleDocuments) })
    {
        if (documents is null || !which.Split(',').Contains(comparison))
        {
            continue;
        }

        await (comparison == "split"
            ? Compare.RunAsync("split" + suffix, "whole", "split", documents, new OcrOptions { PoolSize = cores, SplitPages = false }, new OcrOptions { PoolSize = cores, SplitPages = true })
            : Compare.RunAsync("crop" + suffix, "page", "ink", documents, new OcrOptions { PoolSize = 1, CropToInk = false }, new OcrOptions { PoolSize = 1, CropToInk = true }));
    }

    if (rounds == 0)
    {
        return; // the split comparison only: run.sh PAGES 0 [folder]
    }

    Console.WriteLine($"best of {rounds}: service 1 engine {Rate(best["service1"])}, {cores} engines {Rate(best["serviceN"])}; cli 1 process {Rate(best["cli1"])}, {cores} processes {Rate(best["cliN"])} pages/s");
    Console.WriteLine($"cer: service {serviceCer:F4}, cli {cliCer:F4}");
    var serviceCpu = serviceCpuSeconds / (2 * rounds * pages.Count);
    var cliCpu = cliCpuSeconds / (2 * rounds * pages.Count);
    var (service1Best, serviceNBest, cliNBest) = (best["service1"], best["serviceN"], best["cliN"]);

    // Wall-clock numbers depend on what else runs on the machine; CPU seconds per page much less so.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cpu_s_per_page service={serviceCpu:F2} cli={cliCpu:F2}"));

    var servicePerSecond = pages.Count / serviceNBest.TotalSeconds;
    var cliPerSecond = pages.Count / cliNBest.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ocr pages={pages.Count} service_pages_per_s={servicePerSecond:F3} cli_pages_per_s={cliPerSecond:F3} ratio={servicePerSecond / cliPerSecond:F2} service_cer={serviceCer:F4} cli_cer={cliCer:F4} scaling={service1Best.TotalSeconds / serviceNBest.TotalSeconds:F2} rss_mb={rssMb} rss_mb_per_engine={rssMb / (double)cores:F0}"));
}
finally
{
    folder.Delete(recursive: true);
}

string Rate(TimeSpan elapsed) => (pageCount / elapsed.TotalSeconds).ToString("F3", CultureInfo.InvariantCulture);

/// <summary>CPU time of the finished child processes (getrusage RUSAGE_CHILDREN).</summary>
internal static partial class ChildCpu
{
    private const int RusageChildren = -1;

    public static double Seconds()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
        {
            return double.NaN;
        }

        return usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
    }

    [System.Runtime.InteropServices.LibraryImport("libc.so.6")]
    private static partial int getrusage(int who, out Usage usage);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = 144)]
    private struct Usage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }
}

/// <summary>A rendered page: its PNG on disk (read when the page is submitted, so the bench holds no page while the service runs) and its text.</summary>
internal sealed record BenchPage(string Path, string Text);

/// <summary>
/// This process's peak resident set (the kernel's VmHWM), which <see cref="Reset"/> sets back to the current resident
/// set (writing 5 to /proc/self/clear_refs): the peak of one configuration, not of everything the process did before.
/// </summary>
internal static class PeakRss
{
    /// <summary>Restarts the peak from now; returns the resident set now, in MB.</summary>
    public static long Reset()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Field("VmRSS:");
    }

    public static long Mb() => Field("VmHWM:");

    private static long Field(string name) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
}

/// <summary>The service path: intake, decoding and OCR of each page as an uploaded PNG, on a warmed-up pool.</summary>
internal static class Service
{
    public static async Task<(TimeSpan Elapsed, double Cer)> RunAsync(IReadOnlyList<BenchPage> pages, int poolSize)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OcrOptions { PoolSize = poolSize });
        var decoderOptions = Microsoft.Extensions.Options.Options.Create(new DecoderOptions());
        using var pool = new OcrEnginePool(options, NullLogger<OcrEnginePool>.Instance);
        var ocr = new OcrService(pool, new PagePreprocessor(options), options, TimeProvider.System, NullLogger<OcrService>.Instance);
        var intake = new DocumentIntake(DeferralPolicy.LoadDefault().Limits, NullLogger<DocumentIntake>.Instance);
        var decoder = new DocumentDecoder(intake, new PdfRasterizer(decoderOptions, NullLogger<PdfRasterizer>.Instance), decoderOptions, NullLogger<DocumentDecoder>.Instance);

        // A service starts its engines once; warm them all up before timing.
        var leases = new List<OcrEnginePool.EngineLease>();
        for (var i = 0; i < poolSize; i++)
        {
            leases.Add(await pool.RentAsync(CancellationToken.None));
        }

        leases.ForEach(l => l.Dispose());
        var cer = new double[pages.Count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = poolSize }, async (i, ct) =>
        {
            var decoded = await decoder.DecodeAsync(intake.Inspect(await File.ReadAllBytesAsync(pages[i].Path, ct)), ct);
            using var document = decoded.Document ?? throw new InvalidOperationException(decoded.Rejection?.Detail);
            var read = await ocr.ReadAsync(document, ct);
            cer[i] = CharacterErrorRate.Of(pages[i].Text, read.FullText);
        });
        return (watch.Elapsed, cer.Average());
    }
}

/// <summary>
/// Two OCR configurations (page splitting off and on; the whole page or within its ink), one document at a time on a
/// warmed-up pool of each: latency and process CPU time of each, character error rate of each against the rendered text
/// (when known) and between the two readings.
/// </summary>
internal static class Compare
{
    public static async Task RunAsync(string name, string a, string b, IReadOnlyList<(string Name, byte[] File, string? Text)> documents, OcrOptions first, OcrOptions second)
    {
        var engines = second.PoolSize;
        var whole = new OneAtATime(Microsoft.Extensions.Options.Options.Create(first));
        var split = new OneAtATime(Microsoft.Extensions.Options.Options.Create(second));
        await whole.WarmAsync(first.PoolSize);
        await split.WarmAsync(engines);
        var (wholeMs, splitMs, between, wholeCer, splitCer) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var (wholeCpu, splitCpu) = (new List<double>(), new List<double>());
        foreach (var (file, bytes, text) in documents)
        {
            var plan = await whole.PlanAsync(bytes, Environment.ProcessorCount);
            if (Environment.GetEnvironmentVariable("BENCH_SPLIT_PLAN_ONLY") is { Length: > 0 })
            {
                Console.WriteLine($"  {name} {file}: {plan}");
                continue;
            }

            var (aText, aMs, aCpu) = await whole.ReadAsync(bytes);
            var (bText, bMs, bCpu) = await split.ReadAsync(bytes);
            if (aText is null || bText is null)
            {
                continue;
            }

            wholeMs.Add(aMs);
            splitMs.Add(bMs);
            wholeCpu.Add(aCpu);
            splitCpu.Add(bCpu);
            var cer = CharacterErrorRate.Of(aText, bText);
            between.Add(cer);
            if (text is not null)
            {
                wholeCer.Add(CharacterErrorRate.Of(text, aText));
                splitCer.Add(CharacterErrorRate.Of(text, bText));
            }

            if (Environment.GetEnvironmentVariable("BENCH_SPLIT_DUMP") is { Length: > 0 } dump)
            {
                Directory.CreateDirectory(dump);
                await File.WriteAllTextAsync(Path.Combine(dump, $"{file}.{a}.txt"), aText);
                await File.WriteAllTextAsync(Path.Combine(dump, $"{file}.{b}.txt"), bText);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} {file}: {a} {aMs:F0} ms {aCpu:F2} cpu-s, {b} {bMs:F0} ms {bCpu:F2} cpu-s, cer_between={cer:F4} {plan}"));
        }

        whole.Dispose();
        split.Dispose();
        var truth = wholeCer.Count == 0 ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" cer_{a}={wholeCer.Average():F4} cer_{b}={splitCer.Average():F4}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} docs={wholeMs.Count} engines={engines} {a}_p50_ms={Median(wholeMs):F0} {b}_p50_ms={Median(splitMs):F0} speedup={Median(wholeMs) / Median(splitMs):F2} {a}_cpu_s_per_doc={wholeCpu.DefaultIfEmpty().Average():F2} {b}_cpu_s_per_doc={splitCpu.DefaultIfEmpty().Average():F2} cer_between_mean={between.DefaultIfEmpty().Average():F4} cer_between_max={between.DefaultIfEmpty().Max():F4}{truth}"));
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private sealed class OneAtATime(Microsoft.Extensions.Options.IOptions<OcrOptions> options) : IDisposable
    {
        private static readonly Microsoft.Extensions.Options.IOptions<DecoderOptions> DecoderOptions = Microsoft.Extensions.Options.Options.Create(new DecoderOptions());
        private readonly OcrEnginePool _pool = new(options, NullLogger<OcrEnginePool>.Instance);
        private readonly DocumentIntake _intake = new(DeferralPolicy.LoadDefault().Limits, NullLogger<DocumentIntake>.Instance);

        public async Task WarmAsync(int engines)
        {
            var leases = new List<OcrEnginePool.EngineLease>();
            for (var i = 0; i < engines; i++)
            {
                leases.Add(await _pool.RentAsync(CancellationToken.None));
            }

            leases.ForEach(l => l.Dispose());
        }

        /// <summary>How each page of the document would be split (bands, or why it is read whole), as the service prepares it.</summary>
        public async Task<string> PlanAsync(byte[] file, int engines)
        {
            var decoder = new DocumentDecoder(_intake, new PdfRasterizer(DecoderOptions, NullLogger<PdfRasterizer>.Instance), DecoderOptions, NullLogger<DocumentDecoder>.Instance);
            var decoded = await decoder.DecodeAsync(_intake.Inspect(file), CancellationToken.None);
            using var document = decoded.Document;
            if (document is null)
            {
                return "plan=undecodable";
            }

            var preprocessor = new PagePreprocessor(options);
            using var lease = await _pool.RentAsync(CancellationToken.None);
            var plans = document.Pages.Select(page =>
            {
                if (page.TextLayer is not null || page.Image is null)
                {
                    return "text";
                }

                var prepared = preprocessor.Prepare(page.Image, page.Dpi, lease.Engine);
                var plan = PageSplitter.Plan(prepared.Image, prepared.Dpi, engines * PageSplitter.BandsPerEngine);
                var ink = plan.Ink is { } box ? 100.0 * box.Width * box.Height / (prepared.Image.Width * prepared.Image.Height) : 100;
                return string.Create(CultureInfo.InvariantCulture, $"{(plan.Refusal == SplitRefusal.None ? $"{plan.Bands.Count}_bands" : $"whole_{plan.Refusal}")}/ink_{ink:F0}%");
            });
            return $"plan={string.Join(',', plans)}";
        }

        /// <summary>The document's OCR text, the time and the process CPU time of its OCR alone (decoding not counted); null text when it does not decode.</summary>
        public async Task<(string? Text, double Ms, double CpuSeconds)> ReadAsync(byte[] file)
        {
            var ocr = new OcrService(_pool, new PagePreprocessor(options), options, TimeProvider.System, NullLogger<OcrService>.Instance);
            var decoder = new DocumentDecoder(_intake, new PdfRasterizer(DecoderOptions, NullLogger<PdfRasterizer>.Instance), DecoderOptions, NullLogger<DocumentDecoder>.Instance);
            var decoded = await decoder.DecodeAsync(_intake.Inspect(file), CancellationToken.None);
            using var document = decoded.Document;
            if (document is null)
            {
                return (null, 0, 0);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var read = await ocr.ReadAsync(document, CancellationToken.None);
            return (read.FullText, watch.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }

        public void Dispose() => _pool.Dispose();
    }
}

/// <summary>The tesseract CLI as one would script it: one process per page, OMP_THREAD_LIMIT=1.</summary>
internal static class Cli
{
    public static async Task<(TimeSpan Elapsed, double Cer)> RunAsync(IReadOnlyList<BenchPage> pages, int parallelism)
    {
        var cer = new double[pages.Count];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var start = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { pages[i].Path, "-", "-l", "rus+eng" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["OMP_THREAD_LIMIT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start");
            var text = process.StandardOutput.ReadToEndAsync(ct);
            _ = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            cer[i] = CharacterErrorRate.Of(pages[i].Text, await text);
        });
        return (watch.Elapsed, cer.Average());
    }
}
