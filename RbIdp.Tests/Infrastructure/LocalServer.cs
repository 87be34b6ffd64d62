using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RbIdp.Tests.Infrastructure;

/// <summary>What the throwaway-server fixtures share: finding binaries, free ports, bounded waits, child processes.</summary>
public static class LocalServer
{
    public const string TestCommandHint =
        "Run the tests with the README's test command, scripts/test.sh, which installs the servers the integration tests need.";

    /// <summary>The folder holding RbIdp.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A new empty folder under /tmp (never under a 0700 home, so other OS users can reach it).</summary>
    public static string CreateTempDirectory(string prefix)
    {
        var path = Path.Combine("/tmp", $"rbidp-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort: /tmp is cleaned eventually
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The full path of an executable on PATH, or a failure that says how to install it.</summary>
    public static string RequireOnPath(string name, string package)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw MissingTool($"'{name}' (Debian package {package}) is not on PATH.");
    }

    public static InvalidOperationException MissingTool(string what) => new($"{what} {TestCommandHint}");

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync(port))
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds:0.#} s. {diagnostics?.Invoke()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until nothing accepts TCP connections on 127.0.0.1:<paramref name="port"/> any more.</summary>
    public static async Task WaitForPortClosedAsync(int port, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (await AcceptsConnectionsAsync(port))
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"127.0.0.1:{port} still accepted connections after {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Runs a command to completion within <paramref name="timeout"/>; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, bool asPostgres = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = asPostgres && IsRoot ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asPostgres && IsRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", fileName })
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var commandLine = $"{info.FileName} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {commandLine}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0.#} s.");
        }

        // A daemon started by the command may keep the pipes open: do not wait for them for long.
        var output = await ReadOrEmptyAsync(stdout) + await ReadOrEmptyAsync(stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{commandLine}' exited with {process.ExitCode}: {output}");
        }

        return output;
    }

    private static async Task<string> ReadOrEmptyAsync(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            return "";
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RbIdp.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No RbIdp.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
