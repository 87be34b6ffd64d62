using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;

// Latency of POST /v1/process for one-page documents sent one at a time to an otherwise idle API: K different
// documents (A4, 300 DPI, every document type in turn), each sent to an API with page splitting on (Ocr:SplitPages,
// the default) and to one with it off, in turn, so both see the same moments of a shared machine.
// Usage: run.sh [K] [warm-up documents]. Against a running stack (RBIDP_API, RBIDP_API_KEY): that stack as configured.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var documents = Enumerable.Range(0, count).Select(BenchDocuments.Render).ToList();
Console.WriteLine($"rendered {documents.Count} one-page documents (PNG, A4, 300 DPI, {documents.Average(d => d.File.Length) / 1024:F0} KB on average) on {Environment.ProcessorCount} cores");

if (Environment.GetEnvironmentVariable("RBIDP_API") is { Length: > 0 } target)
{
    using var http = new HttpClient { BaseAddress = new Uri(target), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("RBIDP_API_KEY") ?? "local-dev-key");
    var running = new Target("as configured", http);
    await running.WarmAsync(warmUp, count);
    foreach (var document in documents)
    {
        await running.SendAsync(document);
    }

    Console.WriteLine(running.Line(string.Empty));
    return;
}

var postgres = new PostgresServer();
var redis = new RedisServer();
var s3 = new S3Server();
await postgres.InitializeAsync();
await redis.InitializeAsync();
await s3.InitializeAsync();
try
{
    await using var split = await StartAsync(splitPages: true);
    await using var whole = await StartAsync(splitPages: false);
    var on = new Target("split", split.Client);
    var off = new Target("whole", whole.Client);
    await on.WarmAsync(warmUp, count);
    await off.WarmAsync(warmUp, count);
    for (var i = 0; i < documents.Count; i++)
    {
        // Alternate which goes first, so neither always follows the other's garbage or cache state.
        foreach (var next in i % 2 == 0 ? new[] { on, off } : [off, on])
        {
            await next.SendAsync(documents[i]);
        }
    }

    Console.WriteLine(off.Line(" split_pages=false"));
    Console.WriteLine(on.Line(string.Create(CultureInfo.InvariantCulture, $" p50_ratio_to_unsplit={on.P50 / off.P50:F2}"), lastFirst: true));
}
finally
{
    await s3.DisposeAsync();
    await redis.DisposeAsync();
    await postgres.DisposeAsync();
}

async Task<ApiAndWorker> StartAsync(bool splitPages) =>
    await ApiAndWorker.StartAsync(postgres, redis, s3, startWorker: false, apiSettings: BenchHosts.Quiet(new Dictionary<string, string?>
    {
        ["Ocr:SplitPages"] = splitPages ? "true" : "false",
        ["Submissions:RequestsPerMinute"] = "10000",
        ["DuplicateWork:Enabled"] = "false",
    }));

/// <summary>An API to send documents to, and what it answered: wall-clock ms per request and the run's own OCR ms.</summary>
internal sealed class Target(string name, HttpClient http)
{
    private readonly List<double> _ms = [];
    private readonly List<double> _ocrMs = [];

    public double P50 => Percentile(_ms, 0.50);

    /// <summary>Documents that are not measured (other seeds): the JIT and the engines warm, as in a running service.</summary>
    public async Task WarmAsync(int documents, int offset)
    {
        for (var i = 0; i < documents; i++)
        {
            await SendAsync(BenchDocuments.Render(offset + 100 + i), measured: false);
        }
    }

    public async Task SendAsync(Submission document, bool measured = true)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(document.Request.Fio), "fio" },
            { new StringContent(WireNames.Of(document.Request.Reason)), "reason" },
            { new StringContent(WireNames.Of(document.Request.DocType)), "doc_type" },
            { new StringContent(document.Request.ApplicationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "application_date" },
            { new ByteArrayContent(document.File), "file", document.FileName },
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(new Uri("/v1/process", UriKind.Relative), form);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{name}: POST /v1/process answered {(int)response.StatusCode}: {body}");
        }

        if (!measured)
        {
            return;
        }

        var ocr = JsonDocument.Parse(body).RootElement.GetProperty("timings_ms").GetProperty("ocr").GetDouble();
        _ms.Add(elapsed);
        _ocrMs.Add(ocr);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {elapsed:F0} ms, ocr {ocr:F0} ms"));
    }

    public string Line(string extra, bool lastFirst = false) => string.Create(CultureInfo.InvariantCulture,
        $"latency docs={_ms.Count}{(lastFirst ? string.Empty : extra)} p50_ms={P50:F0} p95_ms={Percentile(_ms, 0.95):F0} ocr_p50_ms={Percentile(_ocrMs, 0.50):F0}{(lastFirst ? extra : string.Empty)}");

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
