using System.Diagnostics;
using System.Globalization;
using System.Net;
using RbIdp.Pipeline.Documents;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Reliability;
using RbIdp.Tests.Synthetic;

// Submits N small synthetic PNGs to POST /v1/jobs from C concurrent clients and prints one line:
//   submit clients=C requests=N rps=R p50_ms=… p99_ms=… errors=E
// Against a running stack when RBIDP_API (and RBIDP_API_KEY) is set; otherwise the API in-process (TestServer)
// over local PostgreSQL, Redis and S3 servers started for the run. Jobs are only enqueued here: no worker runs.
var clients = Setting("BENCH_CLIENTS", 8);
var requests = Setting("BENCH_REQUESTS", 400);
// Upload mode (BENCH_UPLOAD_MB=15): every request carries one PNG of that size (noise, which does not compress), and
// the API runs as its own process (dotnet RbIdp.Api.dll on Kestrel, as deployed), so the line can end with that
// process's peak resident set (VmHWM): the API alone, not this client.
var uploadMb = Setting("BENCH_UPLOAD_MB", 0);
var png = uploadMb > 0 ? NoisePng(uploadMb) : RenderPng();

var target = Environment.GetEnvironmentVariable("RBIDP_API");
await using var stack = target is null && uploadMb == 0 ? await InProcessStack.StartAsync() : null;
await using var process = target is null && uploadMb > 0 ? await ApiProcessStack.StartAsync() : null;
using var http = stack?.CreateClient() ?? process?.CreateClient() ?? new HttpClient { BaseAddress = new Uri(target!) };
if (target is not null)
{
    http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("RBIDP_API_KEY") ?? "local-dev-key");
}

for (var i = 0; i < Math.Min(clients, 5); i++)
{
    (await SubmitAsync()).Dispose();
}

var latencies = new double[requests];
var errors = 0;
var next = -1;
var total = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
{
    int index;
    while ((index = Interlocked.Increment(ref next)) < requests)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await SubmitAsync();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Interlocked.Increment(ref errors);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref errors);
        }

        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
})));
total.Stop();

Array.Sort(latencies);
var upload = uploadMb > 0 ? string.Create(CultureInfo.InvariantCulture, $" upload_mb={png.Length / 1048576.0:F1}") : string.Empty;
var memory = process is not null ? $" api_peak_rss_mb={process.PeakResidentMb()}" : string.Empty;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"submit clients={clients} requests={requests}{upload} rps={requests / total.Elapsed.TotalSeconds:F1} p50_ms={Percentile(0.50):F1} p99_ms={Percentile(0.99):F1} errors={errors}{memory}"));

double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];

Task<HttpResponseMessage> SubmitAsync() => http.PostAsync("/v1/jobs", ApiCalls.Form(png, fileName: "sick-leave.png"));

static int Setting(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

static byte[] RenderPng()
{
    using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.SickLeave, ApiCalls.Fio, ApiCalls.ApplicationDate.AddDays(-20)) { Dpi = 100 });
    return document.Pages[0].ToPng();
}

static byte[] NoisePng(int megabytes)
{
    var side = (int)Math.Sqrt(megabytes * 1048576.0);
    using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(side, side, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));
    var noise = new byte[bitmap.RowBytes * side];
    Random.Shared.NextBytes(noise);
    System.Runtime.InteropServices.Marshal.Copy(noise, 0, bitmap.GetPixels(), noise.Length);
    using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
    return data.ToArray();
}

/// <summary>
/// The API as its own process (<see cref="ServiceProcess"/>, configured as <see cref="LocalDeployment"/> configures it)
/// over local PostgreSQL, Redis and S3 servers; no worker. Everything stops on dispose.
/// </summary>
internal sealed class ApiProcessStack : IAsyncDisposable
{
    private LocalServers? _servers;
    private ServiceProcess? _api;

    public static async Task<ApiProcessStack> StartAsync()
    {
        var stack = new ApiProcessStack { _servers = await LocalServers.StartAsync() };
        var environment = LocalDeployment.ServiceEnvironment(await stack._servers.Postgres.CreateDatabaseAsync(), stack._servers.Redis, stack._servers.S3);
        environment["ArtifactStore__RequestTimeout"] = "00:00:30"; // the service's default: a 15 MB PUT on a loaded machine takes seconds
        environment["Logging__LogLevel__Default"] = "Warning";
        stack._api = new ServiceProcess("api", "RbIdp.Api.dll", environment);
        await stack._api.StartAsync();
        return stack;
    }

    public HttpClient CreateClient() => LocalDeployment.CreateClient(_api!, TimeSpan.FromMinutes(5));

    /// <summary>The API process's highest resident set since it started, in MB.</summary>
    public long PeakResidentMb() => _api?.ProcessId is { } pid ? MemorySampler.HighWaterMarkMb(pid) : 0;

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}

/// <summary>The API in-process with the local servers the integration tests use; everything stops on dispose.</summary>
internal sealed class InProcessStack : IAsyncDisposable
{
    private readonly PostgresServer _postgres = new();
    private readonly RedisServer _redis = new();
    private readonly S3Server _s3 = new();
    private ApiFactory? _api;

    public static async Task<InProcessStack> StartAsync()
    {
        var stack = new InProcessStack();
        await Task.WhenAll(stack._postgres.InitializeAsync(), stack._redis.InitializeAsync(), stack._s3.InitializeAsync());
        stack._api = new ApiFactory(await stack._postgres.CreateDatabaseAsync(), stack._redis, stack._s3,
            new Dictionary<string, string?> { ["Submissions:RequestsPerMinute"] = "100000", ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error", // TestServer has no body-size feature
            });
        return stack;
    }

    public HttpClient CreateClient() => _api!.CreateClient(ApiFactory.ClientAKey);

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _s3.DisposeAsync();
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
