using System.Diagnostics;
using System.Globalization;
using System.Text;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Worker;

/// <summary>
/// RbIdp.Worker as a separate OS process (the built RbIdp.Worker.dll next to the tests), configured by
/// environment variables as in production, so a test can kill it with SIGKILL mid-job.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(string connectionString, RedisServer redis, S3Server s3, IDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "RbIdp.Worker.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build RbIdp.Tests (it references RbIdp.Worker).");
        var port = LocalServer.FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["OMP_THREAD_LIMIT"] = "1",
            ["ConnectionStrings__rbidp"] = connectionString,
            ["ConnectionStrings__redis"] = redis.ConnectionString,
            ["RBIDP_API_KEY"] = ApiFactory.AdminKey,
            ["Worker__SchedulePollingInterval"] = "00:00:01",
            ["Worker__Retry__DelaysSeconds__0"] = "1",
            ["Worker__Retry__DelaysSeconds__1"] = "2",
        };
        foreach (var (key, value) in s3.ServiceEnvironment(ApiFactory.Bucket))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in WorkerFactory.WebhookSettings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var worker = new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker process."), port);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        await LocalServer.WaitForPortAsync(port, TimeSpan.FromSeconds(60), () => $"worker output: {worker.Output}");
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no requeue, no cleanup — as when the machine dies or the OOM killer strikes.</summary>
    public async Task KillHardAsync()
    {
        using (var kill = Process.Start("kill", ["-9", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
