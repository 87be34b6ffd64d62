using System.Diagnostics;

namespace RbIdp.AppHost;

/// <summary>How the AppHost provides PostgreSQL, Redis and object storage.</summary>
internal enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else local processes.</summary>
    Auto,

    /// <summary>PostgreSQL, Redis and MinIO containers (Docker or Podman).</summary>
    Containers,

    /// <summary>PostgreSQL and Redis as local processes, artifacts on the local disk.</summary>
    Local,
}

internal static class ContainerRuntimeProbe
{
    /// <summary>Asks the configured (or default) container runtime whether its engine is up, within a few seconds.</summary>
    public static (bool Healthy, string Why) Check(string? runtime)
    {
        var cli = string.IsNullOrWhiteSpace(runtime) ? "docker" : runtime;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(cli, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return (false, $"'{cli}' could not be started");
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(8)))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"'{cli} info' did not answer within 8 s");
            }

            return process.ExitCode == 0
                ? (true, $"'{cli} info' reports a running engine")
                : (false, $"'{cli} info' failed: {FirstLine(process.StandardError.ReadToEnd())}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, $"no '{cli}' CLI on PATH");
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
