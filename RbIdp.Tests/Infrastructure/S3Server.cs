using System.Diagnostics;
using System.Globalization;
using RbIdp.Pipeline.Runs.Storage;

namespace RbIdp.Tests.Infrastructure;

/// <summary>
/// A throwaway S3-compatible server (s3rver from tools/s3rver) on a free loopback port, shared by the test
/// classes of <see cref="UsesS3"/>. s3rver checks no signatures: the access key must be
/// <see cref="AccessKey"/>, any secret passes. <see cref="StopAsync"/>/<see cref="StartAsync"/> take it
/// down and bring it back on the same port and data.
/// </summary>
/// <example>
/// <code>
/// [Collection(UsesS3.Name)]
/// public sealed class MyTests(S3Server s3)
/// {
///     [Fact]
///     public async Task Stores() { using var store = new S3ArtifactStore(s3.StoreOptions("my-bucket"), NullLogger&lt;S3ArtifactStore&gt;.Instance); … }
/// }
/// </code>
/// </example>
public sealed class S3Server : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private string _node = "";
    private string _script = "";
    private string _folder = "";
    private Process? _process;

    public int Port { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Options for an <see cref="S3ArtifactStore"/> on this server.</summary>
    internal ArtifactStoreOptions StoreOptions(string bucket) => new()
    {
        Kind = ArtifactStoreKind.S3,
        Endpoint = Endpoint,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        Bucket = bucket,
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The environment variables that point a service process's artifact store at <paramref name="bucket"/> here.</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment(string bucket) => new Dictionary<string, string>
    {
        ["ArtifactStore__Kind"] = "S3",
        ["ArtifactStore__Endpoint"] = Endpoint.ToString(),
        ["ArtifactStore__AccessKey"] = AccessKey,
        ["ArtifactStore__SecretKey"] = SecretKey,
        ["ArtifactStore__Bucket"] = bucket,
    };

    public async Task InitializeAsync()
    {
        _node = LocalServer.RequireOnPath("node", "nodejs");
        var tool = Path.Combine(LocalServer.RepositoryRoot, "tools", "s3rver");
        _script = Path.Combine(tool, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(_script))
        {
            throw LocalServer.MissingTool($"s3rver is not installed ({_script} is missing; 'npm ci' and patch.sh in {tool}).");
        }

        var controller = Path.Combine(tool, "node_modules", "s3rver", "lib", "controllers", "bucket.js");
        if ((await File.ReadAllTextAsync(controller)).Contains("http://doc.s3.amazonaws.com/", StringComparison.Ordinal))
        {
            throw LocalServer.MissingTool($"s3rver is not patched (run {Path.Combine(tool, "patch.sh")}); listing would return nothing.");
        }

        _folder = LocalServer.CreateTempDirectory("s3");
        Port = LocalServer.FreePort();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo
        {
            FileName = _node,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { _script, "-d", _folder, "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-s" })
        {
            info.ArgumentList.Add(argument);
        }

        var output = new System.Text.StringBuilder();
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start s3rver.");
        _process.OutputDataReceived += (_, e) => Append(output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await LocalServer.WaitForPortAsync(Port, TimeSpan.FromSeconds(30), () => $"s3rver output: {Snapshot(output)}");
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
        _process = null;
        await LocalServer.WaitForPortClosedAsync(Port, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            LocalServer.DeleteDirectory(_folder);
        }
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UsesS3 : ICollectionFixture<S3Server>
{
    public const string Name = "S3";
}
