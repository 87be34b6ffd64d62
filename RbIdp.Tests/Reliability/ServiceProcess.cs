using System.Diagnostics;
using System.Globalization;
using System.Text;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// The API or the worker as its own OS process (<c>dotnet RbIdp.Api.dll</c>, <c>dotnet RbIdp.Worker.dll</c>, the builds
/// next to these tests), configured by environment variables as deployed. It can be SIGKILLed and started again on the
/// same port; the output of every incarnation is kept, so the completions each one logged can be counted afterwards.
/// </summary>
public sealed class ServiceProcess(string name, string assembly, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Name { get; } = name;

    public int Port { get; } = LocalServer.FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The running incarnation's process id, or null while it is down.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Everything every incarnation wrote to stdout and stderr.</summary>
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

    /// <summary>Starts the process and returns once its <c>/health</c> answers 200.</summary>
    public async Task StartAsync()
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var dll = Path.Combine(AppContext.BaseDirectory, assembly);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build RbIdp.Tests (it references the API and the worker).", dll);
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        info.Environment["OMP_THREAD_LIMIT"] = "1";
        Append($"--- {Name} starting at {DateTimeOffset.UtcNow:O}");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Name}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting. Output:{Environment.NewLine}{Tail()}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{Name} did not answer /health within {StartTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown, no requeue, no flush — as when the OOM killer strikes or the machine dies.</summary>
    public async Task KillHardAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-9", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Append($"--- {Name} killed (SIGKILL) at {DateTimeOffset.UtcNow:O}");
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }

            process.Dispose();
            _process = null;
        }
    }

    private string Tail()
    {
        var output = Output;
        return output.Length <= 4000 ? output : output[^4000..];
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
